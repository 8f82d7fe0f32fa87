using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Benchmarks.Runtime;

/// <summary>
/// What SigV4 signing alone costs per request through AWSSDK.Core's public signer: the share of
/// <see cref="UnaryCallBenchmarks"/> that belongs to the signer rather than to this library.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly byte[] s_body = """{"StreamName":"bench"}"""u8.ToArray();
    private static readonly Uri s_uri = new("https://kinesisvideo.us-west-2.amazonaws.com/describeStream");
    private readonly RequestSigner _signer = new(new SessionAWSCredentials("AKIDBENCHMARK", "benchmark/secret/key", "benchmark-session-token"), "us-west-2", TimeProvider.System);

    [Benchmark(Description = "RequestSigner.SignAsync (AWSSDK.Core AWSSigV4Signer) of a DescribeStream request")]
    public async Task<int> SignDescribeStream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, s_uri) { Content = new ByteArrayContent(s_body) };
        request.Content.Headers.ContentType = new("application/json");
        await _signer.SignAsync(request, s_body, CancellationToken.None);
        return request.Headers.Count();
    }
}
