using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>How <see cref="MkvFrameSource"/> picks tracks, places timestamps and bounds memory.</summary>
public sealed class MkvFrameSourceOptions
{
    /// <summary>The most tracks a Kinesis Video stream takes (PutMedia error 4012 above it).</summary>
    public const int MaxTracks = 3;

    /// <summary>The shared default options.</summary>
    public static MkvFrameSourceOptions Default { get; } = new();

    /// <summary>
    /// The input's track numbers (as its TrackEntry elements declare them) to upload, 1 to
    /// <see cref="MaxTracks"/> of them. Null, the default, takes the first video track and the first
    /// audio track. Either way the chosen tracks are numbered 1..n in the order the input declares
    /// them, and frames of the other tracks are skipped (counted in <see cref="MkvFrameSource.SkippedFrames"/>).
    /// </summary>
    public IReadOnlyList<ulong>? TrackNumbers { get; init; }

    /// <summary>
    /// Whether timestamps are moved so that the first frame read is at zero (true, the default), or
    /// kept as the input's block times (Cluster Timecode + block offset, × TimecodeScale). Rebasing
    /// suits the session's timeline, whose zero is its <c>TimestampOrigin</c>: a file ffmpeg wrote
    /// starts near 0 either way, but one saved from GetMedia carries producer timestamps in epoch
    /// milliseconds, which only make sense kept when the session's origin is the Unix epoch.
    /// </summary>
    /// <remarks>
    /// The shift is fixed by the first frame of the chosen tracks; a later frame presented earlier
    /// than it (a reordered picture of an open GOP, or audio that the input interleaves late) comes
    /// out with a negative timestamp.
    /// </remarks>
    public bool RebaseTimestamps { get; init; } = true;

    /// <summary>
    /// The largest block (a frame, or a lace of frames) accepted, in bytes; 50 MB (the service's
    /// fragment limit) by default. A block is buffered whole before it is handed out, so this bounds
    /// the source's memory. Clusters are not buffered and have no limit of their own.
    /// </summary>
    public int MaxFrameSize { get; init; } = MkvReaderOptions.ServiceFragmentLimit;

    /// <summary>The size of the reads from a <see cref="Stream"/> input, in bytes (64 KB by default).</summary>
    public int StreamReadSize { get; init; } = 64 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, 1, nameof(MaxFrameSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamReadSize, 1, nameof(StreamReadSize));
        if (TrackNumbers is { } numbers)
        {
            if (numbers.Count is 0 or > MaxTracks)
            {
                throw new ArgumentException($"TrackNumbers selects 1 to {MaxTracks} tracks (Kinesis Video Streams' limit); it has {numbers.Count}.", nameof(TrackNumbers));
            }

            if (numbers.Distinct().Count() != numbers.Count || numbers.Contains(0UL))
            {
                throw new ArgumentException("TrackNumbers must be distinct, non-zero track numbers.", nameof(TrackNumbers));
            }
        }
    }
}
