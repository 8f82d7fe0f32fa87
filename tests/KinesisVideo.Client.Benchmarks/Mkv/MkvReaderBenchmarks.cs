using System.Buffers;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Mkv;

/// <summary>
/// The MKV reader on a 1080p-sized payload (one pass = <see cref="SyntheticGetMediaPayload.Frames"/>
/// frames), beside ffprobe -show_packets on the same file and plain passes over the same bytes.
/// </summary>
[MemoryDiagnoser]
public class MkvReaderBenchmarks
{
    private byte[] _payload = null!;
    private byte[] _copy = null!;
    private string _path = null!;
    private SegmentedPipeReader _pipe = null!;
    private MkvStreamReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = SyntheticGetMediaPayload.Build();
        _copy = new byte[_payload.Length];
        _path = Path.Combine(Path.GetTempPath(), "kvs-mkv-bench-1080p.mkv");
        File.WriteAllBytes(_path, _payload);
        _pipe = new SegmentedPipeReader(_payload, 64 * 1024);
        _reader = new MkvStreamReader();
        Console.WriteLine($"// payload {_payload.Length} bytes, {SyntheticGetMediaPayload.Frames} frames, file {_path}");
        if (ReadWholeInMemory() != SyntheticGetMediaPayload.Frames || ReadPipe64KSegments().GetAwaiter().GetResult() != SyntheticGetMediaPayload.Frames)
        {
            throw new InvalidOperationException("The reader did not see every frame.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "sum the bytes")]
    public ulong SumBytes()
    {
        ulong sum = 0;
        foreach (var b in _payload)
        {
            sum += b;
        }

        return sum;
    }

    [Benchmark(Description = "memory copy")]
    public int MemoryCopy()
    {
        _payload.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    [Benchmark(Description = "reader, whole payload in memory")]
    public int ReadWholeInMemory()
    {
        _reader.Reset();
        var input = new ReadOnlySequence<byte>(_payload);
        var frames = 0;
        while (_reader.TryRead(input, out var item, out var consumed, out _))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
            input = input.Slice(consumed);
        }

        return frames;
    }

    [Benchmark(Description = "reader, PipeReader 64 KB segments")]
    public async Task<int> ReadPipe64KSegments()
    {
        _pipe.Reset();
        var frames = 0;
        await foreach (var item in MkvStreamReader.ReadAsync(_pipe))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
        }

        return frames;
    }

    [Benchmark(Description = "ffprobe -show_packets (process)")]
    public long FfprobeShowPackets()
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_packets", _path])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        long lines = 0;
        while (process.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        process.WaitForExit();
        return lines;
    }
}
