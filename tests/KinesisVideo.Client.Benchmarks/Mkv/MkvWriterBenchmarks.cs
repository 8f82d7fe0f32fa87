using System.Buffers;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Mkv;

/// <summary>The KVS writer framing small frames (100 bytes), a key frame every 30; times are per frame.</summary>
[MemoryDiagnoser]
public class MkvWriterBenchmarks
{
    private const int FramesPerInvoke = 10_000;

    private readonly byte[] _frame = new byte[100];
    private KvsMkvWriter _writer = null!;
    private RewindableBufferWriter _output = null!;
    private long _timecode;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new KvsMkvWriter(new KvsMkvWriterOptions
        {
            Tracks = [new MkvTrackEntry { TrackNumber = 1, TrackType = MkvTrackType.Video, CodecId = MkvTrackEntry.H264CodecId }],
        });
        _output = new RewindableBufferWriter(FramesPerInvoke * 200);
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke, Description = "writer, 100-byte frames (per frame)")]
    public int WriteSmallFrames()
    {
        _output.Reset();
        _writer.WriteHeader(_output);
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            _writer.WriteFrame(_output, 1, _timecode++, i % 30 == 0, _frame);
        }

        return _output.Written;
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke, Description = "memory copy of the same 100-byte frames (per frame)")]
    public int CopySmallFrames()
    {
        _output.Reset();
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            _output.Write(_frame);
        }

        return _output.Written;
    }

    private sealed class RewindableBufferWriter(int capacity) : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[capacity];

        public int Written { get; private set; }

        public void Reset() => Written = 0;

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Written);

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Written);
    }
}
