using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// One fragment of a GetMedia or GetMediaForFragmentList response, parsed without copying its
/// frames. The service's tags are decoded into properties, the producer's metadata tags into
/// <see cref="Metadata"/>; these, the tracks and every other property stay valid for good.
/// <see cref="Frames"/> are slices of the reader's input: they are valid until the reader moves on
/// to the next fragment, and reading them after that throws. Call <see cref="Detach"/> to keep them.
/// </summary>
public sealed class MediaFragment
{
    private readonly FragmentSlots _slots;
    private readonly int _generation;

    internal MediaFragment(FragmentSlots slots, in KvsTagFields fields, long offset, long length, IReadOnlyList<MkvTrackEntry> tracks, IReadOnlyList<MkvTag> metadata, long? clusterTimecode, long timecodeScale)
    {
        _slots = slots;
        _generation = slots.Generation;
        FrameCount = slots.FrameCount;
        Offset = offset;
        Length = length;
        FragmentNumber = fields.FragmentNumber;
        ServerTimestamp = fields.ServerTimestamp;
        ProducerTimestamp = fields.ProducerTimestamp;
        MillisBehindNow = fields.MillisBehindNow;
        ContinuationToken = fields.ContinuationToken;
        ErrorId = fields.ErrorId;
        ErrorCode = fields.ErrorCode;
        IsComplete = fields.MillisAfterCluster && fields.TokenAfterCluster;
        Tracks = tracks;
        Metadata = metadata;
        ClusterTimecode = clusterTimecode;
        TimecodeScale = timecodeScale;
    }

    /// <summary>The byte offset of the fragment's document in the input.</summary>
    public long Offset { get; }

    /// <summary>The bytes from the document's start to the end of the fragment's last element.</summary>
    public long Length { get; }

    /// <summary>AWS_KINESISVIDEO_FRAGMENT_NUMBER: a decimal string of about 47 digits (too large for long or decimal).</summary>
    public string? FragmentNumber { get; }

    /// <summary>AWS_KINESISVIDEO_SERVER_TIMESTAMP (GetMediaForFragmentList: SERVER_SIDE_TIMESTAMP), when present and well formed.</summary>
    public DateTimeOffset? ServerTimestamp { get; }

    /// <summary>AWS_KINESISVIDEO_PRODUCER_TIMESTAMP (GetMediaForFragmentList: PRODUCER_SIDE_TIMESTAMP), when present and well formed.</summary>
    public DateTimeOffset? ProducerTimestamp { get; }

    /// <summary>AWS_KINESISVIDEO_MILLIS_BEHIND_NOW: how far this fragment is behind the newest, when present.</summary>
    public long? MillisBehindNow { get; }

    /// <summary>AWS_KINESISVIDEO_CONTINUATION_TOKEN: where a GetMedia resumes after this fragment.</summary>
    public string? ContinuationToken { get; }

    /// <summary>
    /// The error's integer id when the service sent an error in place of a fragment
    /// (GetMedia's AWS_KINESISVIDEO_ERROR_ID, GetMediaForFragmentList's EXCEPTION_ERROR_CODE).
    /// </summary>
    public long? ErrorId { get; }

    /// <summary>The error's description (GetMedia's AWS_KINESISVIDEO_ERROR_CODE, GetMediaForFragmentList's EXCEPTION_MESSAGE).</summary>
    public string? ErrorCode { get; }

    /// <summary>True when the service sent an error in place of a fragment.</summary>
    public bool IsError => ErrorId is not null || ErrorCode is not null;

    /// <summary>
    /// True once the tags GetMedia sends after the Cluster (MILLIS_BEHIND_NOW and
    /// CONTINUATION_TOKEN) arrived: the fragment was delivered in full.
    /// </summary>
    public bool IsComplete { get; }

    /// <summary>
    /// The producer's tracks (codec id, CodecPrivate, video size, audio rate). GetMedia repeats them
    /// in every fragment; while they do not change, every fragment hands back the same objects.
    /// </summary>
    public IReadOnlyList<MkvTrackEntry> Tracks { get; }

    /// <summary>The tags other than the service's: the producer's fragment metadata (and any muxer tags), in order.</summary>
    public IReadOnlyList<MkvTag> Metadata { get; }

    /// <summary>The first Cluster's Timecode, in timecode ticks; null when the fragment has no cluster.</summary>
    public long? ClusterTimecode { get; }

    /// <summary>Nanoseconds per timecode tick.</summary>
    public long TimecodeScale { get; }

    /// <summary>
    /// The frames, in stream order: slices of the reader's input, valid until the reader moves on to
    /// the next fragment (reading one after that throws <see cref="InvalidOperationException"/>).
    /// </summary>
    public MediaFrameList Frames => new(this);

    /// <summary>False once the reader has moved on and the frames' slices are gone.</summary>
    public bool AreFramesAvailable => _slots.Generation == _generation;

    internal int FrameCount { get; }

    /// <summary>
    /// Copies the fragment into an owned <see cref="KvsMediaFragment"/>: its frames into one array,
    /// every service tag into <see cref="KvsMediaFragment.KinesisVideoTags"/>. Call it before the
    /// reader moves on.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reader has moved on to a later fragment.</exception>
    public KvsMediaFragment Detach()
    {
        ThrowIfReleased();
        var data = new byte[_slots.FrameBytes];
        var frames = new KvsFrame[FrameCount];
        var at = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            ref readonly var slot = ref _slots.Frames[i];
            slot.Payload.CopyTo(data.AsSpan(at));
            frames[i] = new KvsFrame(slot.TrackNumber, slot.Timecode, MkvFrame.ToTimeSpan(slot.Timecode, TimecodeScale), slot.IsKeyFrame, data.AsMemory(at, slot.Length));
            at += slot.Length;
        }

        var serviceTags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _slots.TagCount; i++)
        {
            ref readonly var tag = ref _slots.Tags[i];
            if (tag.IsServiceTag)
            {
                serviceTags[MkvStrings.Decode(tag.Name)] = MkvStrings.Decode(tag.Value);
            }
        }

        return new KvsMediaFragment
        {
            Offset = Offset,
            Length = Length,
            FragmentNumber = FragmentNumber,
            ServerTimestamp = ServerTimestamp,
            ProducerTimestamp = ProducerTimestamp,
            MillisBehindNow = MillisBehindNow,
            ContinuationToken = ContinuationToken,
            ErrorId = ErrorId,
            ErrorCode = ErrorCode,
            KinesisVideoTags = serviceTags,
            OtherTags = Metadata,
            Tracks = Tracks,
            ClusterTimecode = ClusterTimecode,
            TimecodeScale = TimecodeScale,
            Frames = frames,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsError ? $"error {ErrorId} ({ErrorCode}) at fragment {FragmentNumber}" : $"fragment {FragmentNumber} ({FrameCount} frames)";

    internal ref readonly FrameSlot Slot(int index)
    {
        ThrowIfReleased();
        return ref _slots.Frames[index];
    }

    private void ThrowIfReleased()
    {
        if (!AreFramesAvailable)
        {
            ThrowReleased();
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReleased() =>
        throw new InvalidOperationException(
            $"The frames of {this} were slices of the reader's buffers and were released when the reader moved on; call Detach() (or copy the payloads) before moving to the next fragment to keep them.");
}
