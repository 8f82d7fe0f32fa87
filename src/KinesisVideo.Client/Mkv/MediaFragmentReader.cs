using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Reads a GetMedia (or GetMediaForFragmentList) response into <see cref="MediaFragment"/>s without
/// copying frames: same try-parse contract as <see cref="MkvStreamReader"/>, over the same events.
/// </summary>
/// <remarks>
/// <para>
/// The service sends each fragment as a standalone EBML document (the producer's header replayed,
/// tags, one Cluster, tags). While a document's bytes arrive, the reader reports the document's
/// start as consumed, so a <see cref="PipeReader"/> keeps them all; once the fragment is complete
/// its frames and tags are slices of the buffer the caller passed, valid until the caller advances
/// past them (with <see cref="MediaFragmentPipeReader"/>, until the next read). How much it holds
/// is counted on the bytes in hand, never on a size the input declares, and bounded by
/// <see cref="MkvReaderOptions.MaxFragmentSize"/> plus <see cref="MkvReaderOptions.MaxMetadataElementSize"/>
/// for the header and tags around the cluster.
/// </para>
/// <para>
/// A fragment is complete as soon as GetMedia's closing tags (MILLIS_BEHIND_NOW and
/// CONTINUATION_TOKEN after the Cluster), or an error's id and description, have been read, so a
/// live reader gets it without waiting for the next one; anything else is complete when the next
/// document starts or the input ends. Tags after a completed fragment, before the next document,
/// are skipped; frames there are refused.
/// </para>
/// <para>
/// Track entries that repeat byte for byte are parsed once and the same track list is handed back
/// (<see cref="Reset"/> keeps that cache for the next connection). Steady-state reading allocates
/// the fragment object and its number's string per fragment, and nothing per frame. Not thread-safe.
/// </para>
/// </remarks>
public sealed class MediaFragmentReader
{
    private const long NoDocument = -1;
    private const int MaxTagsPerFragment = 1024;

    private readonly MkvStreamReader _events;
    private readonly MkvReaderOptions _options;
    private readonly long _maxHeldBytes;
    private readonly FragmentSlots _slots = new();
    private MkvTrackEntry[] _trackScratch = new MkvTrackEntry[4];
    private int _trackCount;
    private MkvTrackEntry[] _lastTracks = [];
    private KvsTagFields _fields;
    private long? _clusterTimecode;
    private long _timecodeScale;
    private int _metadataCount;

    // The stream offset where the caller's next buffer starts: what was last reported consumed.
    private long _bufferStart;
    private long _documentStart = NoDocument;

    // The current document's fragment was completed by its closing tags; the rest of it is skipped.
    private bool _afterCompletion;

    // False once a call returned for more data while a fragment was in progress: its recorded
    // slices then point into a buffer the caller has since replaced, and must be rebuilt from offsets.
    private bool _slicesCurrent;
    private MediaFragment? _handedOut;

    /// <summary>Creates a reader with <paramref name="options"/> or the defaults.</summary>
    public MediaFragmentReader(MkvReaderOptions? options = null)
    {
        _options = options ?? MkvReaderOptions.Default;
        _events = new MkvStreamReader(_options);
        _maxHeldBytes = _options.MaxFragmentSize + _options.MaxMetadataElementSize;
    }

    /// <summary>The bytes parsed so far, from the start of the input.</summary>
    public long BytesParsed => _events.BytesConsumed;

    /// <summary>True while a document has begun and its fragment is not complete.</summary>
    public bool IsInsideFragment => _documentStart != NoDocument && !_afterCompletion;

    /// <summary>
    /// Forgets the input (for a new one from offset 0, e.g. the next connection) and releases the
    /// last fragment; keeps the parsed track entries, so a new connection that replays the same
    /// header gets the same track objects.
    /// </summary>
    public void Reset()
    {
        Release();
        _slots.Clear();
        _events.Reset();
        _bufferStart = 0;
        _documentStart = NoDocument;
        _afterCompletion = false;
    }

    /// <summary>Reads the next complete fragment.</summary>
    /// <param name="buffer">The unread input, starting where the last call's <paramref name="consumed"/> pointed.</param>
    /// <param name="isFinalBlock">True when no more input will come: the last document is then returned, and a truncated element throws.</param>
    /// <param name="fragment">The fragment, when true is returned; its frames are slices of <paramref name="buffer"/>.</param>
    /// <param name="consumed">The end of the bytes that are done with; the fragment's bytes are before it, so keep them until done with the fragment.</param>
    /// <param name="examined">The end of the bytes looked at.</param>
    /// <returns>True with a fragment; false when more data is needed (or, with <paramref name="isFinalBlock"/>, when nothing is left).</returns>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated (<see cref="MkvFormatException.IsTruncated"/>).</exception>
    public bool TryRead(in ReadOnlySequence<byte> buffer, bool isFinalBlock, [NotNullWhen(true)] out MediaFragment? fragment, out SequencePosition consumed, out SequencePosition examined)
    {
        Release();
        var parsed = _events.BytesConsumed - _bufferStart;
        if (parsed > buffer.Length)
        {
            throw new ArgumentException("The buffer must start where the last call's consumed position pointed.", nameof(buffer));
        }

        var rest = buffer.Slice(parsed);
        SequencePosition restConsumed;
        while (true)
        {
            var restOffset = _events.BytesConsumed;
            if (!_events.TryRead(rest, out var item, out restConsumed, out _))
            {
                break;
            }

            if (item.Kind != MkvEventKind.DocumentStart)
            {
                // Read now: once the next document's EBML header has been seen, the reader has reset it.
                _timecodeScale = _events.TimecodeScale;
            }

            switch (item.Kind)
            {
                case MkvEventKind.DocumentStart:
                    if (IsInsideFragment)
                    {
                        // The document in progress ends where this one starts; the new one's bytes are held from its start.
                        fragment = Complete(buffer, item.Offset);
                        BeginDocument(item.Offset);
                        return Done(buffer, item.Offset, out consumed, out examined);
                    }

                    BeginDocument(item.Offset);
                    break;

                case MkvEventKind.TrackEntry:
                    EnsureDocument(item.Offset);
                    AddTrack(item.TrackEntry!);
                    break;

                case MkvEventKind.ClusterStart:
                    EnsureDocument(item.Offset);
                    RefuseAfterCompletion(item.Offset, MkvElementIds.Cluster);
                    _clusterTimecode ??= item.ClusterTimecode;
                    break;

                case MkvEventKind.Frame:
                    EnsureDocument(item.Offset);
                    RefuseAfterCompletion(item.Offset, MkvElementIds.SimpleBlock);
                    AddFrame(rest, restOffset, restConsumed, item);
                    break;

                case MkvEventKind.Tag:
                    EnsureDocument(item.Offset);
                    if (_afterCompletion)
                    {
                        break;
                    }

                    AddTag(rest, restOffset, item);
                    if (_fields.IsComplete)
                    {
                        var end = _events.BytesConsumed;
                        fragment = Complete(buffer, end);
                        _afterCompletion = true;
                        return Done(buffer, end, out consumed, out examined);
                    }

                    break;
            }

            rest = rest.Slice(restConsumed);
        }

        rest = rest.Slice(restConsumed);
        if (isFinalBlock)
        {
            _events.ThrowIfTruncated(rest);
            if (IsInsideFragment)
            {
                var end = _events.BytesConsumed;
                fragment = Complete(buffer, end);
                _documentStart = NoDocument;
                return Done(buffer, end, out consumed, out examined);
            }
        }

        // More data is needed: hold the unfinished fragment's bytes from its document's start.
        var holdFrom = IsInsideFragment ? _documentStart : _events.BytesConsumed;
        var held = _bufferStart + buffer.Length - holdFrom;
        if (held > _maxHeldBytes)
        {
            MkvStreamReader.ThrowFormat($"One fragment's document holds {held} bytes, more than MaxFragmentSize {_options.MaxFragmentSize} plus {_options.MaxMetadataElementSize} for its header and tags", _documentStart, MkvElementIds.Segment);
        }

        _slicesCurrent &= !IsInsideFragment;
        consumed = buffer.GetPosition(holdFrom - _bufferStart);
        examined = buffer.End;
        _bufferStart = holdFrom;
        fragment = null;
        return false;
    }

    /// <summary>Reads every fragment of an in-memory payload, detached (owned copies).</summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static IReadOnlyList<KvsMediaFragment> ReadAll(ReadOnlySequence<byte> payload, MkvReaderOptions? options = null)
    {
        var reader = new MediaFragmentReader(options);
        var fragments = new List<KvsMediaFragment>();
        while (reader.TryRead(payload, isFinalBlock: true, out var fragment, out var consumed, out _))
        {
            fragments.Add(fragment.Detach());
            payload = payload.Slice(consumed);
        }

        return fragments;
    }

    /// <summary>
    /// Reads fragments from <paramref name="input"/> until it completes; each fragment's frames are
    /// valid until the next MoveNextAsync.
    /// </summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static async IAsyncEnumerable<MediaFragment> ReadAsync(PipeReader input, MkvReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = new MediaFragmentPipeReader(input, new MediaFragmentReader(options));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } fragment)
        {
            yield return fragment;
        }
    }

    private void Release()
    {
        if (_handedOut is not null)
        {
            _handedOut = null;
            _slots.Release();
            _slots.Clear();
        }
    }

    private bool Done(in ReadOnlySequence<byte> buffer, long end, out SequencePosition consumed, out SequencePosition examined)
    {
        consumed = buffer.GetPosition(end - _bufferStart);
        examined = consumed;
        _bufferStart = end;
        return true;
    }

    private void BeginDocument(long offset)
    {
        _documentStart = offset;
        _afterCompletion = false;
        _slicesCurrent = true;
        _fields = default;
        _clusterTimecode = null;
        _timecodeScale = _events.TimecodeScale;
        _trackCount = 0;
        _metadataCount = 0;

        // The slots still describe the fragment just handed out; they are cleared when it is released.
        if (_handedOut is null)
        {
            _slots.Clear();
        }
    }

    // An input may begin without an EBML header (a bare Segment): its first element starts the document.
    private void EnsureDocument(long offset)
    {
        if (_documentStart == NoDocument)
        {
            BeginDocument(offset);
        }
    }

    private void RefuseAfterCompletion(long offset, uint id)
    {
        if (_afterCompletion)
        {
            MkvStreamReader.ThrowFormat("Media after the fragment's closing tags (CONTINUATION_TOKEN), before the next document", offset, id);
        }
    }

    private void AddTrack(MkvTrackEntry track)
    {
        if (_trackCount == _trackScratch.Length)
        {
            Array.Resize(ref _trackScratch, _trackScratch.Length * 2);
        }

        _trackScratch[_trackCount++] = track;
    }

    private void AddFrame(in ReadOnlySequence<byte> rest, long restOffset, SequencePosition elementEnd, in MkvEvent item)
    {
        var frame = item.Frame;
        var payload = frame.Payload;
        var length = payload.Length;
        if (_slots.FrameCount >= _options.MaxFramesPerFragment || _slots.FrameBytes + length > _options.MaxFragmentSize)
        {
            ThrowFrameLimit(item.Offset);
        }

        // A SimpleBlock's payload runs to the end of its element: its offset is plain arithmetic.
        var offset = payload.End.Equals(elementEnd) ? _events.BytesConsumed - length : OffsetOf(rest, restOffset, payload);
        _slots.AddFrame(frame.TrackNumber, frame.Timecode, frame.IsKeyFrame, offset, (int)length, payload);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowFrameLimit(long offset)
    {
        if (_slots.FrameCount >= _options.MaxFramesPerFragment)
        {
            MkvStreamReader.ThrowFormat($"The fragment has more than MaxFramesPerFragment {_options.MaxFramesPerFragment} frames", offset, MkvElementIds.Cluster);
        }

        MkvStreamReader.ThrowFormat($"The fragment's frames exceed MaxFragmentSize {_options.MaxFragmentSize}", offset, MkvElementIds.Cluster);
    }

    private void AddTag(in ReadOnlySequence<byte> rest, long restOffset, in MkvEvent item)
    {
        var tag = item.Tag;
        if (_slots.TagCount >= MaxTagsPerFragment)
        {
            MkvStreamReader.ThrowFormat($"The fragment has more than {MaxTagsPerFragment} tags", item.Offset, MkvElementIds.SimpleTag);
        }

        var isServiceTag = _fields.Add(tag, afterCluster: _clusterTimecode is not null);
        _metadataCount += isServiceTag ? 0 : 1;
        _slots.AddTag(new TagSlot
        {
            NameOffset = OffsetOf(rest, restOffset, tag.NameBytes),
            NameLength = (int)tag.NameBytes.Length,
            ValueOffset = OffsetOf(rest, restOffset, tag.ValueBytes),
            ValueLength = (int)tag.ValueBytes.Length,
            IsBinary = tag.IsBinary,
            IsServiceTag = isServiceTag,
            Name = tag.NameBytes,
            Value = tag.ValueBytes,
        });
    }

    // The stream offset of a slice of `rest`: constant time whatever the segment count.
    private static long OffsetOf(in ReadOnlySequence<byte> rest, long restOffset, in ReadOnlySequence<byte> slice) =>
        slice.Length == 0 ? restOffset : restOffset + rest.Slice(rest.Start, slice.Start).Length;

    private MediaFragment Complete(in ReadOnlySequence<byte> buffer, long end)
    {
        if (!_slicesCurrent)
        {
            _slots.Materialize(buffer, _bufferStart);
        }

        var fragment = new MediaFragment(_slots, _fields, _documentStart, end - _documentStart, Tracks(), Metadata(), _clusterTimecode, _timecodeScale);
        _handedOut = fragment;
        return fragment;
    }

    // The same list object while the document's track entries are the same (cached) objects.
    private MkvTrackEntry[] Tracks()
    {
        if (_trackCount == 0)
        {
            return [];
        }

        if (!_trackScratch.AsSpan(0, _trackCount).SequenceEqual(_lastTracks))
        {
            _lastTracks = _trackScratch[.._trackCount];
        }

        return _lastTracks;
    }

    private MkvTag[] Metadata()
    {
        if (_metadataCount == 0)
        {
            return [];
        }

        var metadata = new MkvTag[_metadataCount];
        var next = 0;
        for (var i = 0; i < _slots.TagCount; i++)
        {
            ref readonly var tag = ref _slots.Tags[i];
            if (!tag.IsServiceTag)
            {
                metadata[next++] = new MkvTag(MkvStrings.Decode(tag.Name), MkvStrings.Decode(tag.Value), tag.IsBinary ? tag.Value.ToArray() : (ReadOnlyMemory<byte>?)null);
            }
        }

        return metadata;
    }
}
