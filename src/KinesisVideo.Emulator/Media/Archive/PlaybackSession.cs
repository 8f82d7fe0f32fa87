namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>The two streaming protocols a session URL serves.</summary>
internal enum PlaybackProtocol
{
    Hls,
    Dash,
}

/// <summary>
/// A streaming session GetHLSStreamingSessionURL or GetDASHStreamingSessionURL created: everything the
/// playlists and manifests will need, with the documented defaults applied, and when it expires.
/// </summary>
internal sealed record PlaybackSession
{
    /// <summary>The session token: the credential of the session URL, never logged or echoed.</summary>
    public required string Token { get; init; }

    public required PlaybackProtocol Protocol { get; init; }

    public required string StreamArn { get; init; }

    public required PlaybackSessionRequest Request { get; init; }

    /// <summary>On the emulator's clock.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>HLS only: FRAGMENTED_MP4 (default) or MPEG_TS.</summary>
    public string? ContainerFormat { get; init; }

    /// <summary>HLS only: ALWAYS (default in server time), NEVER (default in producer time) or ON_DISCONTINUITY.</summary>
    public string? DiscontinuityMode { get; init; }

    /// <summary>ALWAYS or NEVER (default).</summary>
    public required string DisplayFragmentTimestamp { get; init; }

    /// <summary>DASH only: ALWAYS or NEVER (default).</summary>
    public string? DisplayFragmentNumber { get; init; }

    /// <summary>The fragments the session lists, and its tracks.</summary>
    public required Streaming.SessionTimeline Timeline { get; init; }
}
