using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// A streaming Matroska reader in Kestrel's try-parse style: give it the unread bytes, it returns
/// the next <see cref="MkvEvent"/> or false when it needs more data, and reports how far it
/// consumed and examined. The next call's buffer must start at the previous call's consumed position.
/// </summary>
/// <remarks>
/// <para>
/// It reads unknown-size Segments and Clusters (ended by a same-or-higher-level element, an EBML
/// header or the end of the input), any number of concatenated EBML documents, and skips the
/// elements it does not use (Void, CRC-32, SeekHead, Cues, unknown ids) as their bytes stream
/// past, without buffering them. Elements it reports whole (blocks, TrackEntry, SimpleTag) are
/// waited for only after their declared size has been checked against <see cref="MkvReaderOptions"/>.
/// </para>
/// <para>
/// Laced blocks (Xiph, EBML or fixed-size lacing) are refused with <see cref="MkvFormatException"/>
/// unless <see cref="MkvReaderOptions.AcceptLacedBlocks"/> is set: KVS producers never lace, and a
/// lace's frames have no timestamps of their own (a reader that splits them derives them, e.g. from
/// the track's DefaultDuration; see <see cref="MkvLaces"/>).
/// </para>
/// <para>Reading allocates nothing per frame. Not thread-safe.</para>
/// </remarks>
public sealed class MkvStreamReader
{
    private const long DefaultTimecodeScale = 1_000_000;
    private const long UnknownEnd = -1;

    private readonly MkvReaderOptions _options;
    private readonly OpenElement[] _stack;
    private readonly MkvTrackEntryCache _tracks = new();
    private int _depth;
    private long _offset;
    private long _skipRemaining;
    private uint _skipId;
    private long _skipOffset;
    private long _timecodeScale = DefaultTimecodeScale;
    private long _clusterTimecode;
    private bool _clusterHasTimecode;

    /// <summary>Creates a reader with <paramref name="options"/> or the defaults.</summary>
    public MkvStreamReader(MkvReaderOptions? options = null)
    {
        _options = options ?? MkvReaderOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDepth, 1);
        _stack = new OpenElement[_options.MaxDepth];
    }

    /// <summary>The bytes consumed so far: the stream offset where the next buffer must start.</summary>
    public long BytesConsumed => _offset;

    /// <summary>The current document's TimecodeScale in nanoseconds (1,000,000 until Info says otherwise).</summary>
    public long TimecodeScale => _timecodeScale;

    /// <summary>Forgets all state, for reading a new stream from offset 0.</summary>
    public void Reset()
    {
        _depth = 0;
        _offset = 0;
        _skipRemaining = 0;
        _timecodeScale = DefaultTimecodeScale;
        _clusterHasTimecode = false;
    }

    /// <summary>Reads the next event from <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The unread input, starting where the last call's <paramref name="consumed"/> pointed.</param>
    /// <param name="item">The event, when true is returned.</param>
    /// <param name="consumed">The end of the bytes that are done with (the caller may release them).</param>
    /// <param name="examined">The end of the bytes looked at; all of <paramref name="buffer"/> when more data is needed.</param>
    /// <returns>True with an event; false when more data is needed.</returns>
    /// <exception cref="MkvFormatException">The input is malformed or exceeds a limit.</exception>
    public bool TryRead(in ReadOnlySequence<byte> buffer, out MkvEvent item, out SequencePosition consumed, out SequencePosition examined)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> scratch = stackalloc byte[16];
        while (true)
        {
            if (_skipRemaining > 0)
            {
                var step = Math.Min(_skipRemaining, reader.Remaining);
                reader.Advance(step);
                _skipRemaining -= step;
                if (_skipRemaining > 0)
                {
                    break;
                }
            }

            var position = _offset + reader.Consumed;
            while (_depth > 0 && _stack[_depth - 1].End == position)
            {
                Pop();
            }

            scoped ReadOnlySpan<byte> head = reader.UnreadSpan.Length >= 12 ? reader.UnreadSpan : scratch[..Peek(ref reader, scratch)];
            var status = EbmlVarInt.TryReadId(head, out var id, out var idLength);
            if (status != OperationStatus.Done)
            {
                if (status == OperationStatus.InvalidData)
                {
                    ThrowFormat("Invalid element id", position);
                }

                break;
            }

            status = EbmlVarInt.TryReadSize(head[idLength..], out var size, out var sizeLength);
            if (status != OperationStatus.Done)
            {
                if (status == OperationStatus.InvalidData)
                {
                    ThrowFormat("Invalid element size", position, id);
                }

                break;
            }

            var headerLength = idLength + sizeLength;
            var known = size != EbmlVarInt.UnknownSize;
            CloseUnknownSizeParents(id);
            var parentId = _depth > 0 ? _stack[_depth - 1].Id : 0;
            if (known && _depth > 0)
            {
                var parentEnd = _stack[_depth - 1].End;
                if (parentEnd != UnknownEnd && position + headerLength + (long)size > parentEnd)
                {
                    ThrowFormat("The element runs past the end of its parent", position, id);
                }
            }

            switch (Classify(parentId, id))
            {
                case Handling.DocumentStart:
                    if (_depth > 0)
                    {
                        ThrowFormat("An EBML header inside a known-size element", position, id);
                    }

                    RequireKnownSize(known, position, id);
                    reader.Advance(headerLength);
                    StartSkip(size, id, position);
                    _timecodeScale = DefaultTimecodeScale;
                    _clusterHasTimecode = false;
                    item = new MkvEvent(MkvEventKind.DocumentStart, position);
                    return Done(ref reader, out consumed, out examined);

                case Handling.Enter:
                    if (!known && id is not (MkvElementIds.Segment or MkvElementIds.Cluster))
                    {
                        ThrowFormat("Unknown size is only supported for Segment and Cluster", position, id);
                    }

                    if (id == MkvElementIds.Cluster)
                    {
                        if (known && (long)size > _options.MaxFragmentSize)
                        {
                            ThrowFormat($"The Cluster's size {size} is above MaxFragmentSize {_options.MaxFragmentSize}", position, id);
                        }

                        _clusterHasTimecode = false;
                    }

                    Push(id, position, known ? position + headerLength + (long)size : UnknownEnd);
                    reader.Advance(headerLength);
                    continue;

                case Handling.Skip:
                    RequireKnownSize(known, position, id);
                    CheckClusterLimit(position, headerLength, size, id);
                    reader.Advance(headerLength);
                    StartSkip(size, id, position);
                    continue;
            }

            // The remaining cases need the whole element in hand.
            RequireKnownSize(known, position, id);
            var limit = id is MkvElementIds.SimpleBlock or MkvElementIds.BlockGroup ? _options.MaxFrameSize
                : id is MkvElementIds.Timecode or MkvElementIds.TimecodeScale ? 8
                : _options.MaxMetadataElementSize;
            if (size > (ulong)limit)
            {
                ThrowFormat($"The element's size {size} is above the limit of {limit} bytes", position, id);
            }

            CheckClusterLimit(position, headerLength, size, id);
            var total = headerLength + (long)size;
            if (reader.Remaining < total)
            {
                break;
            }

            var body = reader.Sequence.Slice(reader.Position, total).Slice(headerLength);
            reader.Advance(total);
            switch (id)
            {
                case MkvElementIds.TimecodeScale:
                    _timecodeScale = (long)ReadUnsigned(body, position, id);
                    if (_timecodeScale <= 0)
                    {
                        ThrowFormat("TimecodeScale must be positive", position, id);
                    }

                    continue;

                case MkvElementIds.Timecode:
                    var timecode = ReadUnsigned(body, position, id);
                    if (timecode > long.MaxValue / 2)
                    {
                        ThrowFormat("The Cluster Timecode is out of range", position, id);
                    }

                    _clusterTimecode = (long)timecode;
                    _clusterHasTimecode = true;
                    item = new MkvEvent(MkvEventKind.ClusterStart, position, clusterTimecode: _clusterTimecode);
                    return Done(ref reader, out consumed, out examined);

                case MkvElementIds.TrackEntry:
                    item = new MkvEvent(MkvEventKind.TrackEntry, position, trackEntry: _tracks.GetOrParse(body, position + headerLength));
                    return Done(ref reader, out consumed, out examined);

                case MkvElementIds.SimpleTag:
                    item = new MkvEvent(MkvEventKind.Tag, position, tag: MkvElementParsers.ParseSimpleTag(body, position + headerLength));
                    return Done(ref reader, out consumed, out examined);

                case MkvElementIds.SimpleBlock:
                    item = new MkvEvent(MkvEventKind.Frame, position, frame: ReadBlock(body, position, id, isKeyFrame: null));
                    return Done(ref reader, out consumed, out examined);

                default: // BlockGroup
                    var block = MkvElementParsers.FindBlock(body, position + headerLength, out var hasReference);
                    if (block.IsEmpty)
                    {
                        ThrowFormat("A BlockGroup without a Block", position, id);
                    }

                    item = new MkvEvent(MkvEventKind.Frame, position, frame: ReadBlock(block, position, id, isKeyFrame: !hasReference));
                    return Done(ref reader, out consumed, out examined);
            }
        }

        // More data is needed: keep everything from the current element on, and say we saw it all.
        _offset += reader.Consumed;
        consumed = reader.Position;
        examined = buffer.End;
        item = default;
        return false;
    }

    /// <summary>
    /// Call at the end of the input with what is left unconsumed: throws when the input stopped
    /// inside an element (a truncated element, or a known-size master not yet complete).
    /// Unknown-size Segments and Clusters may end with the input.
    /// </summary>
    /// <exception cref="MkvFormatException">The input was truncated.</exception>
    public void ThrowIfTruncated(in ReadOnlySequence<byte> unconsumed)
    {
        if (_skipRemaining > 0)
        {
            ThrowTruncated($"The input ended {_skipRemaining} bytes before the end of the element", _skipOffset, _skipId);
        }

        if (!unconsumed.IsEmpty)
        {
            Span<byte> head = stackalloc byte[4];
            var available = (int)Math.Min(4, unconsumed.Length);
            unconsumed.Slice(0, available).CopyTo(head);
            if (EbmlVarInt.TryReadId(head[..available], out var id, out _) == OperationStatus.Done)
            {
                ThrowTruncated($"The input ended inside the element ({unconsumed.Length} bytes of it present)", _offset, id);
            }

            ThrowTruncated($"The input ended inside an element header ({unconsumed.Length} bytes present)", _offset, elementId: null);
        }

        for (var i = _depth - 1; i >= 0; i--)
        {
            if (_stack[i].End != UnknownEnd && _stack[i].End > _offset)
            {
                ThrowTruncated($"The input ended {_stack[i].End - _offset} bytes before the end of the element", _stack[i].Start, _stack[i].Id);
            }
        }
    }

    /// <summary>
    /// Reads events from <paramref name="input"/> until it completes, calling AdvanceTo after
    /// each buffer's events. An event's slices are valid until the next MoveNextAsync.
    /// </summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static async IAsyncEnumerable<MkvEvent> ReadAsync(PipeReader input, MkvReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parser = new MkvStreamReader(options);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.Start;
            try
            {
                while (true)
                {
                    var found = parser.TryRead(buffer.Slice(consumed), out var item, out consumed, out examined);
                    if (!found)
                    {
                        break;
                    }

                    yield return item;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    parser.ThrowIfTruncated(buffer.Slice(consumed));
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                yield break;
            }
        }
    }

    private MkvFrame ReadBlock(in ReadOnlySequence<byte> block, long position, uint id, bool? isKeyFrame)
    {
        if (!_clusterHasTimecode)
        {
            ThrowFormat("A block before its Cluster's Timecode", position, id);
        }

        Span<byte> head = stackalloc byte[12];
        var available = (int)Math.Min(12, block.Length);
        var first = block.FirstSpan;
        ReadOnlySpan<byte> bytes = first.Length >= available ? first[..available] : CopyTo(block, head[..available]);
        if (EbmlVarInt.TryReadSize(bytes, out var track, out var trackLength) != OperationStatus.Done
            || track == EbmlVarInt.UnknownSize || bytes.Length < trackLength + 3)
        {
            ThrowFormat("The block header is malformed", position, id);
        }

        var relative = BinaryPrimitives.ReadInt16BigEndian(bytes[trackLength..]);
        var flags = bytes[trackLength + 2];
        var lacing = (MkvLacing)((flags >> 1) & 3);
        if (lacing != MkvLacing.None && !_options.AcceptLacedBlocks)
        {
            ThrowFormat("Laced blocks are not supported (remux without lacing, e.g. mkvmerge --disable-lacing)", position, id);
        }

        return new MkvFrame(
            track,
            _clusterTimecode + relative,
            _timecodeScale,
            isKeyFrame ?? (flags & 0x80) != 0,
            block.Slice(trackLength + 3),
            lacing);
    }

    private static ReadOnlySpan<byte> CopyTo(in ReadOnlySequence<byte> source, Span<byte> destination)
    {
        source.Slice(0, destination.Length).CopyTo(destination);
        return destination;
    }

    private static int Peek(ref SequenceReader<byte> reader, scoped Span<byte> scratch)
    {
        var available = (int)Math.Min(scratch.Length, reader.Remaining);
        reader.TryCopyTo(scratch[..available]);
        return available;
    }

    private bool Done(ref SequenceReader<byte> reader, out SequencePosition consumed, out SequencePosition examined)
    {
        _offset += reader.Consumed;
        consumed = reader.Position;
        examined = consumed;
        return true;
    }

    // A level-1 (or higher) id ends an unknown-size Cluster; an EBML header or a Segment ends an
    // unknown-size Segment. Known-size masters end by their size alone.
    private void CloseUnknownSizeParents(uint id)
    {
        while (_depth > 0 && _stack[_depth - 1].End == UnknownEnd)
        {
            var top = _stack[_depth - 1].Id;
            if ((top == MkvElementIds.Cluster && MkvElementIds.IsLevel1OrAbove(id))
                || (top == MkvElementIds.Segment && id is MkvElementIds.Ebml or MkvElementIds.Segment))
            {
                Pop();
            }
            else
            {
                break;
            }
        }
    }

    private enum Handling
    {
        Skip,
        Enter,
        DocumentStart,
        Whole,
    }

    private static Handling Classify(uint parentId, uint id)
    {
        if (id == MkvElementIds.Ebml)
        {
            return Handling.DocumentStart;
        }

        return parentId switch
        {
            0 => id == MkvElementIds.Segment ? Handling.Enter : Handling.Skip,
            MkvElementIds.Segment => id is MkvElementIds.Cluster or MkvElementIds.Info or MkvElementIds.Tracks or MkvElementIds.Tags
                ? Handling.Enter : Handling.Skip,
            MkvElementIds.Cluster => id is MkvElementIds.SimpleBlock or MkvElementIds.BlockGroup or MkvElementIds.Timecode
                ? Handling.Whole : Handling.Skip,
            MkvElementIds.Info => id == MkvElementIds.TimecodeScale ? Handling.Whole : Handling.Skip,
            MkvElementIds.Tracks => id == MkvElementIds.TrackEntry ? Handling.Whole : Handling.Skip,
            MkvElementIds.Tags => id == MkvElementIds.Tag ? Handling.Enter : Handling.Skip,
            MkvElementIds.Tag => id == MkvElementIds.SimpleTag ? Handling.Whole : Handling.Skip,
            _ => Handling.Skip,
        };
    }

    private void CheckClusterLimit(long position, int headerLength, ulong size, uint id)
    {
        // Unknown-size clusters have no declared size to check up front, so check each child's end.
        for (var i = _depth - 1; i >= 0; i--)
        {
            if (_stack[i].Id == MkvElementIds.Cluster)
            {
                if (position + headerLength + (long)size - _stack[i].Start > _options.MaxFragmentSize)
                {
                    ThrowFormat($"The Cluster grows past MaxFragmentSize {_options.MaxFragmentSize}", position, id);
                }

                return;
            }
        }
    }

    private void StartSkip(ulong size, uint id, long position)
    {
        _skipRemaining = (long)size;
        _skipId = id;
        _skipOffset = position;
    }

    private void Push(uint id, long start, long end)
    {
        if (_depth == _stack.Length)
        {
            ThrowFormat($"Elements are nested deeper than MaxDepth {_stack.Length}", start, id);
        }

        _stack[_depth++] = new OpenElement(id, start, end);
    }

    private void Pop()
    {
        _depth--;
        if (_stack[_depth].Id == MkvElementIds.Cluster)
        {
            _clusterHasTimecode = false;
        }
    }

    private static void RequireKnownSize(bool known, long position, uint id)
    {
        if (!known)
        {
            ThrowFormat("This element cannot have an unknown size", position, id);
        }
    }

    private static ulong ReadUnsigned(in ReadOnlySequence<byte> body, long position, uint id)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (body.Length > 8)
        {
            ThrowFormat("An unsigned integer longer than 8 bytes", position, id);
        }

        var span = bytes[..(int)body.Length];
        body.CopyTo(span);
        EbmlValue.TryReadUnsigned(span, out var value);
        return value;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowFormat(string problem, long offset, uint id) => throw new MkvFormatException(problem, offset, id);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowFormat(string problem, long offset) => throw new MkvFormatException(problem, offset);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTruncated(string problem, long offset, uint? elementId) => throw MkvFormatException.Truncated(problem, offset, elementId);

    private readonly record struct OpenElement(uint Id, long Start, long End);
}
