using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Benchmarks.GetMedia;

/// <summary>
/// The parsed GetMedia (ReadMediaAsync: pipe, zero-copy fragments, resume bookkeeping) against a raw
/// download of the same response (GetMediaAsync, the body read into one 64 KB buffer and thrown
/// away), both from the same in-process emulator over loopback, in the same run. The stream holds
/// 40 fragments of 60 frames at 1080p sizes (150 KB key frames, 20–50 KB others, about 90 MB).
/// The raw download reads until the emulator ends the body (1 ms after the last fragment); the
/// parsed read stops after the last fragment. Three reference rows split the cost: the raw body
/// read into a 4 MB ring (its bytes land in memory once, as for any reader that keeps a whole
/// fragment, rather than in one cache-resident 64 KB buffer), the same body through a PipeReader,
/// and the zero-copy fragment reader over it without the resume layer.
/// Allocations are the whole process's, the emulator's included.
/// </summary>
[MemoryDiagnoser]
public class GetMediaLoopbackBenchmarks
{
    private const string Stream = "bench";
    private const int Fragments = 40;
    private const int FramesPerFragment = 60;

    // What ReadMediaAsync's response bodies use (Runtime/MediaResponseBody).
    private static readonly StreamPipeReaderOptions s_pipe = new(bufferSize: 64 * 1024, minimumReadSize: 32 * 1024);

    private readonly byte[] _buffer = new byte[64 * 1024];

    // Larger than a fragment (2.2 MB here) and than the core's cache: where a consumer keeping each
    // fragment whole finds its bytes.
    private readonly byte[] _ring = new byte[4 * 1024 * 1024];
    private EmulatorStreams _streams = null!;
    private KinesisVideoMediaClient _client = null!;

    // Synchronous: the in-process toolchain does not wait for an async GlobalSetup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "raw GetMedia body (GetMediaAsync, read and dropped)")]
    public async Task<long> RawDownload()
    {
        await using var response = await _client.GetMediaAsync(Earliest());
        long total = 0;
        int read;
        while ((read = await response.Payload.ReadAsync(_buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark(Description = "parsed GetMedia (ReadMediaAsync, every frame touched)")]
    public async Task<long> ParsedRead()
    {
        long frames = 0;
        var fragments = 0;
        await foreach (var fragment in _client.ReadMediaAsync(Earliest(), new GetMediaReadOptions { Mode = GetMediaReadMode.Follow }))
        {
            frames += Touch(fragment);
            if (++fragments == Fragments)
            {
                break;
            }
        }

        return frames;
    }

    [Benchmark(Description = "reference: raw body kept in memory (read into a 4 MB ring)")]
    public async Task<long> RawKept()
    {
        await using var response = await _client.GetMediaAsync(Earliest());
        long total = 0;
        int read;
        while ((read = await response.Payload.ReadAsync(_ring.AsMemory((int)(total % _ring.Length), (int)Math.Min(_buffer.Length, _ring.Length - (total % _ring.Length))))) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark(Description = "reference: raw body through a PipeReader (64 KB segments)")]
    public async Task<long> RawPipe()
    {
        await using var response = await _client.GetMediaAsync(Earliest());
        var pipe = PipeReader.Create(response.Payload, s_pipe);
        long total = 0;
        while (true)
        {
            var result = await pipe.ReadAsync();
            total += result.Buffer.Length;
            pipe.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await pipe.CompleteAsync();
        return total;
    }

    [Benchmark(Description = "reference: fragment reader on the raw body (no resume layer)")]
    public async Task<long> PipeFragments()
    {
        await using var response = await _client.GetMediaAsync(Earliest());
        var pipe = PipeReader.Create(response.Payload, s_pipe);
        var reader = new MediaFragmentPipeReader(pipe);
        long frames = 0;
        var fragments = 0;
        while (await reader.ReadAsync() is { } fragment)
        {
            frames += Touch(fragment);
            if (++fragments == Fragments)
            {
                break;
            }
        }

        await pipe.CompleteAsync();
        return frames;
    }

    // What a consumer does at least: look at every frame's payload.
    private static long Touch(MediaFragment fragment)
    {
        long frames = 0;
        foreach (var frame in fragment.Frames)
        {
            frames += frame.Payload.Length > 0 ? 1 : 0;
        }

        return frames;
    }

    private static GetMediaRequest Earliest() => new() { StreamName = Stream, StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST } };

    private async Task SetupAsync()
    {
        // Enough connections that a previous invocation's, still closing, never throttles the next.
        _streams = await EmulatorStreams.StartAsync(new MediaLimits { GetMediaIdleTimeout = TimeSpan.FromMilliseconds(1), MaxGetMediaConnections = 100 }, Stream);
        var random = new Random(1080);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var f = 0; f < Fragments; f++)
        {
            var sizes = Enumerable.Range(0, FramesPerFragment).Select(i => i == 0 ? 150 * 1024 : random.Next(20 * 1024, 50 * 1024)).ToList();
            _streams.Media(Stream).Append(_streams.Fragment(start.AddSeconds(2 * f), sizes, f));
        }

        _client = new KinesisVideoMediaClient(_streams.ClientOptions());
        Console.WriteLine($"// raw body {await RawDownload()} bytes; parsed {await ParsedRead()} frames");
    }

    private async Task CleanupAsync()
    {
        _client.Dispose();
        await _streams.DisposeAsync();
    }
}
