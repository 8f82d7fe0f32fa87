using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.Benchmarks.Runtime;

/// <summary>
/// The client-side cost of one unary call (DescribeStream): validation, JSON, the retry pipeline,
/// SigV4 signing and reading the response, over an in-memory handler (no network). Beside it, in
/// the same run, a bare HttpClient POST of the same body through the same handler: the floor that
/// HttpClient itself costs.
/// </summary>
[MemoryDiagnoser]
public class UnaryCallBenchmarks
{
    private static readonly byte[] s_requestBody = """{"StreamName":"bench"}"""u8.ToArray();
    private readonly DescribeStreamRequest _request = new() { StreamName = "bench" };
    private InMemoryKinesisVideoHandler _handler = null!;
    private KinesisVideoClient _client = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handler = new InMemoryKinesisVideoHandler();
        _client = new KinesisVideoClient(new KinesisVideoClientOptions
        {
            Region = "us-west-2",
            Credentials = new SessionAWSCredentials("AKIDBENCHMARK", "benchmark/secret/key", "benchmark-session-token"),
            HttpMessageHandler = _handler,
        });
        _http = new HttpClient(_handler, disposeHandler: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _http.Dispose();
        _handler.Dispose();
    }

    [Benchmark(Description = "DescribeStreamAsync (validate, JSON, retry pipeline, SigV4, parse)")]
    public async Task<string?> DescribeStream()
    {
        var response = await _client.DescribeStreamAsync(_request);
        return response.StreamInfo!.StreamName;
    }

    [Benchmark(Baseline = true, Description = "bare HttpClient POST, unsigned, response read as bytes")]
    public async Task<int> BareHttpClientPost()
    {
        using var content = new ByteArrayContent(s_requestBody);
        using var response = await _http.PostAsync(new Uri("https://kinesisvideo.us-west-2.amazonaws.com/describeStream"), content);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
