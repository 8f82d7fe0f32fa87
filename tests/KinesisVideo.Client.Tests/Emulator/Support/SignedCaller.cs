using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>
/// Posts JSON to the emulator as an AWS SDK would: signed by the client library's
/// <see cref="RequestSigner"/> (AWSSDK.Core's signer, not the emulator's code) over a plain HttpClient.
/// Bodies are raw JSON text, so these tests depend on no client model type.
/// </summary>
internal sealed class SignedCaller : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly RequestSigner _signer;

    public SignedCaller(Uri baseUrl, string region, AWSCredentials credentials, TimeProvider time)
    {
        BaseUrl = baseUrl;
        _signer = new RequestSigner(credentials, region, time);
    }

    public Uri BaseUrl { get; set; }

    /// <summary>Changes the request after signing (to tamper with it); null sends it as signed.</summary>
    public Action<HttpRequestMessage>? AfterSigning { get; set; }

    public async Task<EmulatorResponse> PostAsync(string path, string json = "{}")
    {
        using var response = await SendAsync(path, json);
        return await EmulatorResponse.ReadAsync(response);
    }

    /// <summary>Posts and returns a binary answer (GetClip's MP4) as it came: status, content type, bytes.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> PostForBytesAsync(string path, string json)
    {
        using var response = await SendAsync(path, json);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, path.TrimStart('/')))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await _signer.SignAsync(request, body, CancellationToken.None);
        AfterSigning?.Invoke(request);
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An answer of the emulator: status, error code (from x-amzn-ErrorType), request id and JSON body.</summary>
internal sealed record EmulatorResponse(HttpStatusCode Status, string? ErrorType, string? RequestId, JsonElement Body)
{
    /// <summary>The error code: x-amzn-ErrorType up to ':'; null for a success.</summary>
    public string? ErrorCode => ErrorType?.Split(':')[0];

    public string? Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(nameof(Message), out var m) ? m.GetString() : null;

    public string String(string member) => Body.GetProperty(member).GetString()!;

    public static async Task<EmulatorResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return new EmulatorResponse(
            response.StatusCode,
            response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single() : null,
            response.Headers.TryGetValues("x-amzn-RequestId", out var id) ? id.Single() : null,
            document.RootElement.Clone());
    }

    /// <summary>Asserts a 200 answer and returns it.</summary>
    public EmulatorResponse Ok()
    {
        Assert.That(Status, Is.EqualTo(HttpStatusCode.OK), $"{ErrorType}: {Message}");
        return this;
    }

    /// <summary>Asserts the service's error response: status, code with the Coral namespace, a message, a request id.</summary>
    public EmulatorResponse Error(HttpStatusCode status, string code)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorType, Is.EqualTo(code + ":http://internal.amazon.com/coral/com.amazonaws.kinesisvideo/"), Message);
            Assert.That(Status, Is.EqualTo(status), Message);
            Assert.That(Message, Is.Not.Empty);
            Assert.That(RequestId, Is.Not.Empty);
        });
        return this;
    }
}
