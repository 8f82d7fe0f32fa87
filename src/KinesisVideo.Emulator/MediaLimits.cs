namespace KinesisVideo.Emulator;

/// <summary>
/// The media plane's limits and timings. Defaults are the service's documented values (PutMedia and
/// GetMedia in the API reference, the Kinesis Video Streams quotas page) or, where AWS documents
/// none, what its producer libraries observe.
/// </summary>
public sealed record MediaLimits
{
    /// <summary>The largest fragment PutMedia accepts (50 MB); a larger one gets ERROR 4001 MAX_FRAGMENT_SIZE_REACHED.</summary>
    public long MaxFragmentSizeBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The longest fragment PutMedia accepts (10 s); a longer one gets ERROR 4002 MAX_FRAGMENT_DURATION_REACHED.</summary>
    public TimeSpan MaxFragmentDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many tracks a PutMedia header may declare (3).</summary>
    public int MaxTracks { get; init; } = 3;

    /// <summary>How many metadata tags one fragment may carry (the producer libraries' limit, 25); more get ERROR 4009.</summary>
    public int MaxFragmentMetadata { get; init; } = 25;

    /// <summary>How often a PutMedia connection receiving no data gets an IDLE acknowledgement (not documented; 3 s here).</summary>
    public TimeSpan IdleAckInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a PutMedia connection may go without data before the service closes it (30 s).</summary>
    public TimeSpan PutMediaIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a PutMedia connection may last before ERROR 4003 MAX_CONNECTION_DURATION_REACHED (about 45 min on AWS).</summary>
    public TimeSpan PutMediaMaxConnectionDuration { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>How long GetMedia waits for a new fragment before it ends the response body (3 s).</summary>
    public TimeSpan GetMediaIdleTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many GetMedia connections a stream may have at once (3); more get ConnectionLimitExceededException.</summary>
    public int MaxGetMediaConnections { get; init; } = 3;

    /// <summary>How many fragments one GetClip file holds at most (200, documented): later fragments of the range are left out.</summary>
    public int MaxClipFragments { get; init; } = 200;

    /// <summary>How much media one GetClip file holds at most (100 MB, documented): the fragment that would pass it, and later ones, are left out.</summary>
    public long MaxClipBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>How long one ffmpeg run of GetImages may take before it is killed and its images are MEDIA_ERROR (30 s).</summary>
    public TimeSpan ImageDecodeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many fragments GetMediaForFragmentList accepts (1000, the model's limit).</summary>
    public int MaxFragmentListLength { get; init; } = 1000;
}
