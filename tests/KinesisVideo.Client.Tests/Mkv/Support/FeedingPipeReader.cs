using System.Buffers;
using System.IO.Pipelines;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>
/// A PipeReader that reveals its input <paramref name="step"/> bytes at a time, as a socket
/// would, and only when the reader examined everything it had: so a parser that does not
/// report consumed/examined correctly either stalls (detected) or loses data.
/// </summary>
internal sealed class FeedingPipeReader(byte[] data, int step) : PipeReader
{
    private readonly ReadOnlySequence<byte> _all = TestInputs.Chunked(data, step);
    private long _consumed;
    private long _examined;
    private long _available;
    private SequencePosition _consumedPosition;
    private SequencePosition _availablePosition;
    private int _idleReads;

    public int Reads { get; private set; }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        Reads++;
        if (Reads == 1)
        {
            _consumedPosition = _all.Start;
            _availablePosition = _all.Start;
        }

        if (_examined >= _available && _available < _all.Length)
        {
            var grow = Math.Min(_all.Length - _available, step);
            _availablePosition = _all.GetPosition(grow, _availablePosition);
            _available += grow;
            _idleReads = 0;
        }
        else if (++_idleReads > 2)
        {
            throw new InvalidOperationException("The reader read again without examining what it had: it would hang on a real pipe.");
        }

        var buffer = _all.Slice(_consumedPosition, _availablePosition);
        return new ValueTask<ReadResult>(new ReadResult(buffer, isCanceled: false, isCompleted: _available == _all.Length));
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var newConsumed = _all.GetOffset(consumed);
        var newExamined = _all.GetOffset(examined);
        if (newConsumed < _consumed || newExamined < newConsumed)
        {
            throw new InvalidOperationException("AdvanceTo moved backwards.");
        }

        _consumed = newConsumed;
        _consumedPosition = consumed;
        _examined = Math.Max(_examined, newExamined);
    }

    public override bool TryRead(out ReadResult result) => throw new NotSupportedException();

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
