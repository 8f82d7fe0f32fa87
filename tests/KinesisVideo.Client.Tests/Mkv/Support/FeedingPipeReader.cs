using System.Buffers;
using System.IO.Pipelines;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>
/// A PipeReader that reveals its input piece by piece, as a socket would: <c>step</c> bytes at a
/// time, or up to each of the given cut offsets in turn (the buffer's segments split there too),
/// and only when the reader examined everything it had: so a parser that does not report
/// consumed/examined correctly either stalls (detected) or loses data. Records its completion.
/// </summary>
internal sealed class FeedingPipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _all;
    private readonly long[] _ends;
    private int _nextEnd;
    private long _consumed;
    private long _examined;
    private long _available;
    private SequencePosition _consumedPosition;
    private int _idleReads;

    /// <summary>Reveals <paramref name="step"/> bytes at a time.</summary>
    public FeedingPipeReader(byte[] data, int step)
        : this(data, Enumerable.Range(1, Math.Max(0, (data.Length - 1) / step)).Select(i => i * step))
    {
    }

    /// <summary>Reveals the input up to each cut in turn; no cuts reveal it whole.</summary>
    public FeedingPipeReader(byte[] data, IEnumerable<int> cuts)
    {
        List<int> sorted = [.. cuts.Where(c => c > 0 && c < data.Length).Distinct().Order()];
        _all = TestInputs.Segmented(data, sorted);
        _ends = [.. sorted.Select(c => (long)c), data.Length];
        _consumedPosition = _all.Start;
    }

    public int Reads { get; private set; }

    /// <summary>How much of the input has been revealed.</summary>
    public long Revealed => _available;

    /// <summary>Whether the reader was completed.</summary>
    public bool IsCompleted { get; private set; }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Reads++;
        if (_examined >= _available && _nextEnd < _ends.Length)
        {
            _available = _ends[_nextEnd++];
            _idleReads = 0;
        }
        else if (++_idleReads > 2)
        {
            throw new InvalidOperationException("The reader read again without examining what it had: it would hang on a real pipe.");
        }

        var buffer = _all.Slice(_consumedPosition, _all.GetPosition(_available));
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

    public override void Complete(Exception? exception = null) => IsCompleted = true;
}
