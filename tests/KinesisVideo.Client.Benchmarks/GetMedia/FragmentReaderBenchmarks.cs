using System.Buffers;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Benchmarks.Mkv;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.GetMedia;

/// <summary>
/// The zero-copy fragment reader against <see cref="MkvStreamReader"/> on the same bytes, in memory:
/// the real GetMedia recordings (../shared) concatenated 40 times (about 200 MB), and the synthetic
/// 1080p payload laid out as GetMedia sends it (one document per fragment). The copying <see cref="KvsFragmentReader"/> is beside them for reference. Each
/// benchmark returns the frames it saw, so the frames per pass are known for bytes per frame.
/// </summary>
[MemoryDiagnoser]
public class FragmentReaderBenchmarks
{
    private const int RecordingCopies = 40;

    private byte[] _payload = [];
    private MkvStreamReader _events = null!;
    private MediaFragmentReader _fragments = null!;
    private SegmentedPipeReader _pipe = null!;

    [Params("recordings x40", "synthetic 1080p")]
    public string Input { get; set; } = "recordings x40";

    [GlobalSetup]
    public void Setup()
    {
        _payload = Input == "synthetic 1080p" ? SyntheticGetMediaPayload.BuildDocuments() : Recordings();
        _events = new MkvStreamReader();
        _fragments = new MediaFragmentReader();
        _pipe = new SegmentedPipeReader(_payload, 64 * 1024);
        Console.WriteLine($"// {Input}: {_payload.Length} bytes, {EventReader()} frames, {FragmentReader()} frames in fragments");
    }

    [Benchmark(Baseline = true, Description = "MkvStreamReader (events)")]
    public int EventReader()
    {
        _events.Reset();
        var input = new ReadOnlySequence<byte>(_payload);
        var frames = 0;
        while (_events.TryRead(input, out var item, out var consumed, out _))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
            input = input.Slice(consumed);
        }

        return frames;
    }

    [Benchmark(Description = "MediaFragmentReader (zero-copy fragments)")]
    public int FragmentReader()
    {
        _fragments.Reset();
        var input = new ReadOnlySequence<byte>(_payload);
        var frames = 0;
        while (_fragments.TryRead(input, isFinalBlock: true, out var fragment, out var consumed, out _))
        {
            // Touch every frame as a consumer would: its track, timestamp and payload length.
            foreach (var frame in fragment.Frames)
            {
                frames += frame.Payload.Length >= 0 ? 1 : 0;
            }

            input = input.Slice(consumed);
        }

        return frames;
    }

    [Benchmark(Description = "MkvStreamReader, PipeReader 64 KB segments")]
    public async Task<int> EventReaderPipe()
    {
        _pipe.Reset();
        var frames = 0;
        await foreach (var item in MkvStreamReader.ReadAsync(_pipe))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
        }

        return frames;
    }

    [Benchmark(Description = "MediaFragmentPipeReader, PipeReader 64 KB segments")]
    public async Task<int> FragmentReaderPipe()
    {
        _pipe.Reset();
        var reader = new MediaFragmentPipeReader(_pipe, _fragments);
        var frames = 0;
        while (await reader.ReadAsync() is { } fragment)
        {
            foreach (var frame in fragment.Frames)
            {
                frames += frame.Payload.Length >= 0 ? 1 : 0;
            }
        }

        return frames;
    }

    [Benchmark(Description = "KvsFragmentReader (copies every frame)")]
    public int CopyingReader() => KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(_payload)).Sum(f => f.Frames.Count);

    private static byte[] Recordings()
    {
        var once = MkvGetMediaRecordingBenchmarks.LoadRecordings();
        var all = new byte[once.Length * RecordingCopies];
        for (var i = 0; i < RecordingCopies; i++)
        {
            once.CopyTo(all, i * once.Length);
        }

        return all;
    }
}
