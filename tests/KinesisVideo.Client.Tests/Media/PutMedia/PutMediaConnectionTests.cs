using System.Net;
using Amazon.Runtime;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime.Endpoints;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Http;
using KinesisVideo.Client.Runtime.Signing;
using KinesisVideo.Client.Tests.Runtime.Http;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Opening a PutMedia connection: the signed head, and a refusal before the 200 mapped as a unary call's.</summary>
public class PutMediaConnectionTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task The_request_head_is_signed_for_kinesisvideo_with_an_unsigned_payload_and_names_the_stream()
    {
        await using var peer = new LoopbackPeer();
        var endpoint = new RecordingEndpoint(peer.Url);
        var opening = PutMediaConnection.OpenAsync(Target(endpoint, PutMediaTimecodeType.Relative), CancellationToken.None);
        await peer.AcceptAsync();
        var head = await peer.ReadUntilAsync("\r\n\r\n");
        await peer.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        var (connection, _, _) = await opening;
        await using var _c = connection;

        var lines = head.Split("\r\n");
        var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(": ", 2)).ToLookup(h => h[0], h => h[1], StringComparer.OrdinalIgnoreCase);
        Assert.That(lines[0], Is.EqualTo("POST /putMedia HTTP/1.1"));
        Assert.That(headers["x-amzn-stream-name"], Is.EqualTo(new[] { "cam" }));
        Assert.That(headers["x-amzn-fragment-timecode-type"], Is.EqualTo(new[] { "RELATIVE" }));
        Assert.That(headers["x-amzn-producer-start-timestamp"], Is.EqualTo(new[] { "1795262400.005" }));
        Assert.That(headers["x-amz-content-sha256"], Is.EqualTo(new[] { "UNSIGNED-PAYLOAD" }));
        Assert.That(headers["x-amz-date"], Is.EqualTo(new[] { "20261121T120000Z" }));
        Assert.That(headers["transfer-encoding"], Is.EqualTo(new[] { "chunked" }));
        Assert.That(headers["host"], Is.EqualTo(new[] { $"127.0.0.1:{peer.Port}" }));
        var authorization = "Authorization: " + headers["authorization"].Single();
        Assert.That(authorization, Does.StartWith("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-west-2/kinesisvideo/aws4_request, SignedHeaders="));
        Assert.That(authorization, Does.Contain("host;").And.Contain("x-amz-content-sha256;x-amz-date;").And.Contain("x-amzn-stream-name"));
        Assert.That(authorization, Does.Not.Contain("transfer-encoding"), "the connection writes it; only what is sent verbatim is signed");
    }

    [TestCase("ConnectionLimitExceededException", 400, typeof(ConnectionLimitExceededException), true)]
    [TestCase("ClientLimitExceededException", 400, typeof(ClientLimitExceededException), true)]
    [TestCase("InvalidEndpointException", 400, typeof(InvalidEndpointException), true)]
    [TestCase("NotAuthorizedException", 401, typeof(NotAuthorizedException), false)]
    [TestCase("ResourceNotFoundException", 404, typeof(ResourceNotFoundException), false)]
    [TestCase("InvalidArgumentException", 400, typeof(InvalidArgumentException), false)]
    [TestCase("InternalFailure", 500, typeof(KinesisVideoException), true)]
    public async Task A_JSON_error_before_the_200_is_the_typed_exception_a_unary_call_raises(string code, int status, Type type, bool retried)
    {
        await using var peer = new LoopbackPeer();
        var endpoint = new RecordingEndpoint(peer.Url);
        var opening = PutMediaConnection.OpenAsync(Target(endpoint), CancellationToken.None);
        await peer.AcceptAsync();
        await peer.ReadUntilAsync("\r\n\r\n");
        var body = $$"""{"Message":"refused because {{code}}"}""";
        await peer.WriteAsync($"HTTP/1.1 {status} Refused\r\nx-amzn-ErrorType: {code}:http://internal.amazon.com/coral/\r\nx-amzn-RequestId: req-1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        var error = Assert.CatchAsync<KinesisVideoException>(() => opening);
        Assert.That(error, Is.TypeOf(type));
        Assert.That((error!.ErrorCode, error.StatusCode, error.RequestId, error.Message), Is.EqualTo((code, (HttpStatusCode)status, "req-1", $"refused because {code}")));
        Assert.That(PutMediaConnection.IsRetriable(error), Is.EqualTo(retried));
        Assert.That(endpoint.Failures, Has.Count.EqualTo(1));
        Assert.That(CachedEndpoint<string>.MeansTheEndpointIsWrong(error), Is.EqualTo(code is "InvalidEndpointException" or "ResourceNotFoundException"), "the cache drops the endpoint for these");
    }

    [Test]
    public async Task A_connection_failure_is_reported_to_the_endpoint_so_the_cache_drops_it()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var endpoint = new RecordingEndpoint(new Uri($"http://127.0.0.1:{port}/"));
        var error = Assert.ThrowsAsync<HttpRequestException>(() => PutMediaConnection.OpenAsync(Target(endpoint), CancellationToken.None));

        Assert.That(endpoint.Failures.Single(), Is.SameAs(error));
        Assert.That(CachedEndpoint<string>.MeansTheEndpointIsWrong(error!), Is.True);
        Assert.That(PutMediaConnection.IsRetriable(error!), Is.True);
    }

    private PutMediaConnection.Target Target(IEndpointSource endpoint, PutMediaTimecodeType type = PutMediaTimecodeType.Absolute) => new(
        endpoint,
        new RequestSigner(new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-west-2", _time),
        new Http1ConnectionSettings { TimeProvider = _time },
        TimeSpan.FromSeconds(10),
        "cam",
        null,
        type,
        _time.GetUtcNow().AddMilliseconds(5));

    private sealed class RecordingEndpoint(Uri url) : IEndpointSource
    {
        public List<Exception> Failures { get; } = [];

        public ValueTask<Uri> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(url);

        public void OnFailure(Uri endpoint, Exception failure) => Failures.Add(failure);
    }
}
