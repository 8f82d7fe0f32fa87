using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// The MKV bytes a session has written and not yet released, addressed by absolute offset from the
/// session's start: the KVS writer appends to it (it is an <see cref="IBufferWriter{T}"/>), the
/// upload loop reads slices of it as <see cref="ReadOnlySequence{T}"/> without copying, and
/// acknowledged bytes are released from the front. Memory comes in pooled segments, so a session
/// in its steady state allocates nothing.
/// </summary>
/// <remarks>
/// One writer and any number of readers of bytes already written; the caller orders appends,
/// releases and reads (the session holds its lock). A released segment goes back to the pool, so
/// a reader must not hold a slice past the release of its bytes.
/// </remarks>
internal sealed class ByteLog : IBufferWriter<byte>, IDisposable
{
    private const int MinSegmentSize = 16 * 1024;
    private const int MaxSegmentSize = 1024 * 1024;

    private Segment? _first;
    private Segment? _last;

    /// <summary>The offset of the first byte still held.</summary>
    public long Start => _first is { } first ? first.RunningIndex + first.ReleasedTo : End;

    /// <summary>The offset just past the last byte written.</summary>
    public long End { get; private set; }

    /// <summary>The bytes held in segments (capacity included), for the memory this session uses.</summary>
    public long Capacity { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var last = _last ?? throw new InvalidOperationException("Advance without GetMemory.");
        if (last.Written + count > last.Array.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Advanced past the memory given out.");
        }

        last.Written += count;
        End += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var last = _last;
        if (last is null || last.Array.Length - last.Written < Math.Max(sizeHint, 1))
        {
            last = Append(sizeHint);
        }

        return last.Array.AsMemory(last.Written);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>The bytes from <paramref name="from"/> to <paramref name="to"/>; both must be held.</summary>
    public ReadOnlySequence<byte> Slice(long from, long to)
    {
        if (from < Start || to > End || from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"[{from}, {to}) is not within the bytes held, [{Start}, {End}).");
        }

        if (from == to)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var start = Find(from);
        var end = start;
        while (end.RunningIndex + end.Written < to)
        {
            end = end.Next!;
        }

        return new ReadOnlySequence<byte>(start, (int)(from - start.RunningIndex), end, (int)(to - end.RunningIndex));
    }

    /// <summary>Gives up the bytes before <paramref name="offset"/>; whole segments before it go back to the pool.</summary>
    public void ReleaseTo(long offset)
    {
        offset = Math.Min(offset, End);
        while (_first is { } first && first != _last && first.RunningIndex + first.Written <= offset)
        {
            _first = first.Next;
            Return(first);
        }

        if (_first is { } head && offset > head.RunningIndex + head.ReleasedTo)
        {
            head.ReleasedTo = (int)Math.Min(offset - head.RunningIndex, head.Written);
        }
    }

    /// <summary>Returns every segment to the pool.</summary>
    public void Dispose()
    {
        while (_first is { } first)
        {
            _first = first.Next;
            Return(first);
        }

        _last = null;
    }

    private Segment Find(long offset)
    {
        var segment = _first!;
        while (segment.RunningIndex + segment.Written <= offset && segment.Next is not null)
        {
            segment = segment.Next;
        }

        return segment;
    }

    private Segment Append(int sizeHint)
    {
        // Small sessions keep small segments; a session holding a lot grows them, so a large fragment
        // is sent in few writes.
        var held = End - Start;
        var size = (int)Math.Clamp(Math.Max(sizeHint, held / 4), MinSegmentSize, Math.Max(MaxSegmentSize, sizeHint));
        var segment = new Segment(ArrayPool<byte>.Shared.Rent(size), End);
        Capacity += segment.Array.Length;
        if (_last is null)
        {
            _first = _last = segment;
        }
        else if (_last.Written == 0 && _last == _first)
        {
            // An empty segment too small for the request is replaced rather than left empty in the chain.
            Return(_last);
            _first = _last = segment;
        }
        else
        {
            _last.Link(segment);
            _last = segment;
        }

        return segment;
    }

    private void Return(Segment segment)
    {
        Capacity -= segment.Array.Length;
        ArrayPool<byte>.Shared.Return(segment.Array);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] array, long runningIndex)
        {
            Array = array;
            Memory = array;
            RunningIndex = runningIndex;
        }

        public byte[] Array { get; }

        public int Written { get; set; }

        public int ReleasedTo { get; set; }

        public new Segment? Next => (Segment?)base.Next;

        // A segment followed by another is complete: its Memory shrinks to what was written, since a
        // sequence hands out the whole Memory of the segments in its middle. The last segment keeps
        // its whole array, only ever read up to an index.
        public void Link(Segment next)
        {
            Memory = Array.AsMemory(0, Written);
            base.Next = next;
        }
    }
}
