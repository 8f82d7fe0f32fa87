namespace KinesisVideo.Emulator.Media.Storage;

/// <summary>
/// A fragment the emulator ingested: what ListFragments lists and what GetMedia and
/// GetMediaForFragmentList send back (header replayed, known-size Cluster rebuilt from the frames,
/// the producer's metadata tags after it). Immutable once stored.
/// </summary>
internal sealed record StoredFragment
{
    /// <summary>The 47-digit fragment number.</summary>
    public required string FragmentNumber { get; init; }

    /// <summary>The emulator's clock when the fragment's first byte arrived.</summary>
    public required DateTimeOffset ServerTimestamp { get; init; }

    /// <summary>The producer's timestamp of the fragment's start: the Cluster timecode (ABSOLUTE), or the start timestamp plus it (RELATIVE).</summary>
    public required DateTimeOffset ProducerTimestamp { get; init; }

    /// <summary>The Cluster Timecode exactly as the producer sent it, in timecode ticks (the ack's FragmentTimecode).</summary>
    public required long ClusterTimecode { get; init; }

    /// <summary>From the first frame's start to the last frame's start (FragmentLengthInMilliseconds).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The fragment's size as received, metadata and media (FragmentSizeInBytes).</summary>
    public required long SizeInBytes { get; init; }

    /// <summary>The header of the PutMedia connection that sent it.</summary>
    public required ProducerHeader Header { get; init; }

    /// <summary>The frames in the order they came.</summary>
    public required IReadOnlyList<StoredFrame> Frames { get; init; }

    /// <summary>The producer's fragment metadata (Tags sent before the Cluster), in order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; }

    /// <summary>True when the stream retains data (DataRetentionInHours &gt; 0): the fragment is archived and the archived media API sees it.</summary>
    public required bool IsPersisted { get; init; }
}
