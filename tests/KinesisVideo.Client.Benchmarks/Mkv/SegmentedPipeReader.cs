using System.Buffers;
using System.IO.Pipelines;

namespace KinesisVideo.Client.Benchmarks.Mkv;

/// <summary>
/// A PipeReader over a prebuilt chain of fixed-size segments that reveals one more segment each
/// time the reader has examined all it was given, as a socket delivering 64 KB reads would.
/// Costs nothing itself, so the benchmark measures the parser and the pipe contract.
/// </summary>
internal sealed class SegmentedPipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _all;
    private readonly int _segmentSize;
    private SequencePosition _consumed;
    private SequencePosition _available;
    private long _availableLength;
    private long _examinedLength;

    public SegmentedPipeReader(byte[] data, int segmentSize)
    {
        _segmentSize = segmentSize;
        Segment? first = null, last = null;
        for (var i = 0; i < data.Length; i += segmentSize)
        {
            var memory = data.AsMemory(i, Math.Min(segmentSize, data.Length - i));
            var next = new Segment(memory, i);
            if (last is null)
            {
                first = next;
            }
            else
            {
                last.Next = next;
            }

            last = next;
        }

        _all = new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
        Reset();
    }

    public void Reset()
    {
        _consumed = _all.Start;
        _available = _all.Start;
        _availableLength = 0;
        _examinedLength = 0;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_examinedLength >= _availableLength && _availableLength < _all.Length)
        {
            var grow = Math.Min(_segmentSize, _all.Length - _availableLength);
            _available = _all.GetPosition(grow, _available);
            _availableLength += grow;
        }

        return new ValueTask<ReadResult>(new ReadResult(_all.Slice(_consumed, _available), false, _availableLength == _all.Length));
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed = consumed;
        _examinedLength = Math.Max(_examinedLength, _all.GetOffset(examined));
    }

    public override bool TryRead(out ReadResult result) => throw new NotSupportedException();

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}
