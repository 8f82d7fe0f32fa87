using System.Buffers;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Benchmarks.Mkv;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Media;

/// <summary>
/// The PutMedia frame sources on a synthetic 1080p stream in memory (one pass = <see cref="SyntheticVideo.Frames"/>
/// frames; times and allocations are per frame), beside <see cref="MkvStreamReader"/> alone on the
/// same Matroska bytes. "PipeReader 64 KB" hands out one more 64 KB segment each time the parser has
/// examined all it had, as a socket read would; "Stream" goes through the sources' own StreamPipeReader.
/// </summary>
[MemoryDiagnoser]
public class FrameSourceBenchmarks
{
    private const int Segment = 64 * 1024;
    private static readonly AnnexBFrameSourceOptions AnnexBOptions = new() { FrameRate = new FrameRate(30) };

    private SyntheticVideo _video = null!;
    private SegmentedPipeReader _matroskaPipe = null!;
    private SegmentedPipeReader _annexBPipe = null!;
    private MkvStreamReader _reader = null!;
    private byte[] _copy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _video = SyntheticVideo.Build();
        _matroskaPipe = new SegmentedPipeReader(_video.Matroska, Segment);
        _annexBPipe = new SegmentedPipeReader(_video.AnnexB, Segment);
        _reader = new MkvStreamReader();
        _copy = new byte[_video.AnnexB.Length];
        Console.WriteLine($"// Matroska {_video.Matroska.Length} bytes, Annex-B {_video.AnnexB.Length} bytes, {SyntheticVideo.Frames} frames");
        long[] counts =
        [
            ReaderPipe().AsTask().Result, ReaderInMemory(), MkvSourcePipe().AsTask().Result, MkvSourceStream().AsTask().Result,
            AnnexBSourcePipe().AsTask().Result, AnnexBSourceStream().AsTask().Result,
        ];
        if (counts.Any(c => c != SyntheticVideo.Frames))
        {
            throw new InvalidOperationException($"A reader did not see every frame: {string.Join(", ", counts)}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SyntheticVideo.Frames, Description = "MkvStreamReader alone, PipeReader 64 KB")]
    public async ValueTask<long> ReaderPipe()
    {
        _matroskaPipe.Reset();
        long frames = 0;
        await foreach (var item in MkvStreamReader.ReadAsync(_matroskaPipe))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
        }

        return frames;
    }

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "MkvStreamReader alone, in memory")]
    public long ReaderInMemory()
    {
        _reader.Reset();
        var input = new ReadOnlySequence<byte>(_video.Matroska);
        long frames = 0;
        while (_reader.TryRead(input, out var item, out var consumed, out _))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
            input = input.Slice(consumed);
        }

        return frames;
    }

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "MkvFrameSource, PipeReader 64 KB")]
    public ValueTask<long> MkvSourcePipe()
    {
        _matroskaPipe.Reset();
        return ReadAll(new MkvFrameSource(_matroskaPipe, leaveOpen: true));
    }

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "MkvFrameSource, Stream")]
    public ValueTask<long> MkvSourceStream() => ReadAll(new MkvFrameSource(new MemoryStream(_video.Matroska, writable: false)));

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "AnnexBFrameSource, PipeReader 64 KB")]
    public ValueTask<long> AnnexBSourcePipe()
    {
        _annexBPipe.Reset();
        return ReadAll(new AnnexBFrameSource(_annexBPipe, AnnexBOptions, leaveOpen: true));
    }

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "AnnexBFrameSource, Stream")]
    public ValueTask<long> AnnexBSourceStream() => ReadAll(new AnnexBFrameSource(new MemoryStream(_video.AnnexB, writable: false), AnnexBOptions));

    [Benchmark(OperationsPerInvoke = SyntheticVideo.Frames, Description = "memory copy of the Annex-B bytes")]
    public int CopyAnnexB()
    {
        _video.AnnexB.AsSpan().CopyTo(_copy);
        return _copy[^1];
    }

    private static async ValueTask<long> ReadAll(IMediaFrameSource source)
    {
        await using (source)
        {
            await source.ReadTracksAsync(CancellationToken.None);
            long frames = 0;
            await foreach (var frame in source.ReadFramesAsync(CancellationToken.None))
            {
                frames += frame.Data.Length > 0 ? 1 : 0;
            }

            return frames;
        }
    }
}
