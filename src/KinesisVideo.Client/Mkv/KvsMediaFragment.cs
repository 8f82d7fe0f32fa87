namespace KinesisVideo.Client.Mkv;

/// <summary>
/// One GetMedia fragment: the EBML document the service sends per fragment, with its service
/// tags decoded, its tracks, and its frames (owned copies, valid for as long as you keep this).
/// </summary>
public sealed class KvsMediaFragment
{
    /// <summary>The byte offset of the fragment's document in the stream.</summary>
    public long Offset { get; init; }

    /// <summary>The document's length in bytes.</summary>
    public long Length { get; init; }

    /// <summary>AWS_KINESISVIDEO_FRAGMENT_NUMBER: a decimal string of about 47 digits (too large for long or decimal).</summary>
    public string? FragmentNumber { get; init; }

    /// <summary>AWS_KINESISVIDEO_SERVER_TIMESTAMP, when present and well formed.</summary>
    public DateTimeOffset? ServerTimestamp { get; init; }

    /// <summary>AWS_KINESISVIDEO_PRODUCER_TIMESTAMP, when present and well formed.</summary>
    public DateTimeOffset? ProducerTimestamp { get; init; }

    /// <summary>AWS_KINESISVIDEO_MILLIS_BEHIND_NOW, when present and well formed.</summary>
    public long? MillisBehindNow { get; init; }

    /// <summary>AWS_KINESISVIDEO_CONTINUATION_TOKEN: where to resume GetMedia after this fragment.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>AWS_KINESISVIDEO_ERROR_ID, when the service reports an error instead of media.</summary>
    public long? ErrorId { get; init; }

    /// <summary>AWS_KINESISVIDEO_ERROR_CODE, the error's description.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>True when the service reported an error in this fragment.</summary>
    public bool IsError => ErrorId is not null || ErrorCode is not null;

    /// <summary>
    /// True once the tags the service sends after the cluster (MILLIS_BEHIND_NOW and
    /// CONTINUATION_TOKEN) arrived, i.e. the fragment was delivered in full.
    /// </summary>
    public bool IsComplete => MillisBehindNow is not null && ContinuationToken is not null;

    /// <summary>Every AWS_KINESISVIDEO_* tag, by name (the last value wins).</summary>
    public required IReadOnlyDictionary<string, string> KinesisVideoTags { get; init; }

    /// <summary>All other tags (the producer's metadata and the muxer's tags), in order.</summary>
    public required IReadOnlyList<MkvTag> OtherTags { get; init; }

    /// <summary>The document's track entries.</summary>
    public required IReadOnlyList<MkvTrackEntry> Tracks { get; init; }

    /// <summary>The first Cluster's Timecode, in timecode ticks; null when the document has no cluster.</summary>
    public long? ClusterTimecode { get; init; }

    /// <summary>Nanoseconds per timecode tick.</summary>
    public long TimecodeScale { get; init; }

    /// <summary>The frames, in stream order.</summary>
    public required IReadOnlyList<KvsFrame> Frames { get; init; }
}

/// <summary>A frame of a <see cref="KvsMediaFragment"/>; <see cref="Data"/> is an owned copy.</summary>
/// <param name="TrackNumber">The block's track number.</param>
/// <param name="Timecode">The absolute timestamp in timecode ticks.</param>
/// <param name="Timestamp">The absolute timestamp.</param>
/// <param name="IsKeyFrame">The key-frame flag.</param>
/// <param name="Data">The frame bytes.</param>
public readonly record struct KvsFrame(ulong TrackNumber, long Timecode, TimeSpan Timestamp, bool IsKeyFrame, ReadOnlyMemory<byte> Data);

/// <summary>A decoded SimpleTag.</summary>
/// <param name="Name">TagName.</param>
/// <param name="Value">TagString, or for a TagBinary the bytes read as UTF-8.</param>
/// <param name="BinaryValue">The TagBinary bytes; null for a TagString.</param>
public sealed record MkvTag(string Name, string Value, ReadOnlyMemory<byte>? BinaryValue = null);
