namespace KinesisVideo.Client.Mkv;

/// <summary>What the KVS producer writer puts in the stream header and how it cuts fragments.</summary>
public sealed class KvsMkvWriterOptions
{
    /// <summary>The name written as MuxingApp and WritingApp by default.</summary>
    public const string DefaultApplicationName = "KinesisVideo.Client";

    /// <summary>The tracks, 1 to 3 (the KVS limit), numbered 1..n in order.</summary>
    public required IReadOnlyList<MkvTrackEntry> Tracks { get; init; }

    /// <summary>Nanoseconds per timecode tick; 1,000,000 (1 ms) as the AWS producers use.</summary>
    public long TimecodeScale { get; init; } = 1_000_000;

    /// <summary>The 16-byte SegmentUID; random when not given.</summary>
    public ReadOnlyMemory<byte> SegmentUid { get; init; }

    /// <summary>The Info Title; none when null.</summary>
    public string? Title { get; init; }

    /// <summary>MuxingApp and WritingApp.</summary>
    public string ApplicationName { get; init; } = DefaultApplicationName;

    /// <summary>
    /// The track whose key frames start fragments; 0 picks the first video track, or track 1 when
    /// there is no video track.
    /// </summary>
    public ulong FragmentTrackNumber { get; init; }

    /// <summary>
    /// The least media time, in timecode ticks, between the starts of two fragments. 0 (the AWS
    /// producers' key-frame fragmentation) starts a fragment at every key frame of the fragment track.
    /// </summary>
    public long MinimumFragmentDuration { get; init; }
}
