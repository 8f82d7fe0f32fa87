using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// Upload throughput into the emulator (in a process of its own): a PutMedia session writing the
/// MKV on the fly, against a plain socket sending the same frames pre-written as MKV to the same
/// emulator. Each operation uploads 40 one-second fragments to a fresh stream and waits until the
/// service has acknowledged them all. The allocations are the benchmark process's, the client's
/// alone; two sizes of upload let the per-frame share be told from the per-session one. Client CPU
/// per uploaded GB is printed at the end of each benchmark (process CPU time over payload bytes).
/// </summary>
[MemoryDiagnoser]
public class PutMediaUploadBenchmarks
{
    private static readonly Dictionary<string, (TimeSpan Cpu, long Bytes)> s_cpu = [];
    private EmulatorProcess _emulator = null!;
    private KinesisVideoClient _controlPlane = null!;
    private KinesisVideoMediaClient _media = null!;
    private RequestSigner _signer = null!;
    private UploadFrames _frames = null!;
    private byte[] _mkv = null!;
    private DateTimeOffset _origin;
    private int _stream;

    /// <summary>Bytes per frame: small (a 1 Mbit/s camera) and large (a 12 Mbit/s 1080p one).</summary>
    [Params(4 * 1024, 64 * 1024)]
    public int FrameBytes { get; set; }

    /// <summary>One-second fragments per upload.</summary>
    [Params(20, 40)]
    public int Fragments { get; set; }

    private string Stream => $"bench-{_stream}";

    [GlobalSetup]
    public void Setup()
    {
        _emulator = EmulatorProcess.Start();
        var options = _emulator.ClientOptions();
        _controlPlane = new KinesisVideoClient(options);
        _media = new KinesisVideoMediaClient(options);
        _signer = new RequestSigner(options.Credentials!, options.Region!, TimeProvider.System);
        _frames = new UploadFrames(Fragments, FrameBytes);
        _origin = DateTimeOffset.UtcNow.AddHours(-1);
        _mkv = _frames.Mkv(_origin);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (name, (cpu, bytes)) in s_cpu)
        {
            Console.WriteLine($"// client CPU {name}, {FrameBytes} B frames: {cpu.TotalSeconds / (bytes / 1e9):F2} s per GB over {bytes / 1e6:F0} MB");
        }

        s_cpu.Clear();
        _controlPlane.Dispose();
        _media.Dispose();
        _emulator.Dispose();
    }

    [IterationSetup]
    public void CreateStream()
    {
        _stream++;
        _controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = Stream, DataRetentionInHours = 1 }).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void DeleteStream()
    {
        var arn = _controlPlane.DescribeStreamAsync(new DescribeStreamRequest { StreamName = Stream }).GetAwaiter().GetResult().StreamInfo!.StreamARN;
        _controlPlane.DeleteStreamAsync(new DeleteStreamRequest { StreamARN = arn }).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "plain socket, pre-written MKV, 64 KB chunks")]
    public async Task<long> PlainSocket()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var received = await PlainSocketUpload.SendAsync(_emulator.DataEndpoint, _signer, Stream, _mkv);
        Account("plain socket", cpu, _mkv.Length);
        return received;
    }

    [Benchmark(Description = "PutMediaSession: WriteFrameAsync per frame, CompleteAsync")]
    public async Task<long> Session()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var session = await _media.StartPutMediaAsync(new PutMediaSessionOptions
        {
            StreamName = Stream,
            Tracks = [UploadFrames.Track],
            TimestampOrigin = _origin,
            Completion = PutMediaCompletion.Persisted,
        });
        foreach (var frame in _frames.Frames)
        {
            await session.WriteFrameAsync(frame);
        }

        var summary = await session.CompleteAsync();
        Account("session", cpu, summary.BytesSent);
        return summary.FragmentsPersisted;
    }

    private static void Account(string name, TimeSpan before, long bytes)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - before;
        s_cpu[name] = s_cpu.TryGetValue(name, out var total) ? (total.Cpu + used, total.Bytes + bytes) : (used, bytes);
    }
}
