using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>
/// Posts signed JSON to the emulator's data endpoint as <see cref="Emulator.Support.SignedCaller"/> does, but
/// hands back the response as soon as its headers arrive (ResponseHeadersRead), so a streamed body
/// (GetMedia, GetMediaForFragmentList) is read while the emulator is still writing it.
/// </summary>
internal sealed class MediaCaller : IDisposable
{
    private readonly HttpClient _http;
    private readonly RequestSigner _signer;
    private readonly Uri _baseUrl;

    /// <param name="handler">The handler under the caller (owned by it); a plain one when null.</param>
    public MediaCaller(Uri baseUrl, string region, AWSCredentials credentials, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _baseUrl = baseUrl;
        _signer = new RequestSigner(credentials, region, time);
    }

    /// <summary>Sends the request and returns once the status line and headers are in; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUrl, path.TrimStart('/')))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await _signer.SignAsync(request, body, CancellationToken.None);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _http.Dispose();
}
