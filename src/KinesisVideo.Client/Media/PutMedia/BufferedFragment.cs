namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>One fragment a session has written: where its bytes are in the log, and what the service has said of it.</summary>
internal sealed class BufferedFragment(long sequence, long start, long timecode)
{
    /// <summary>0 for the session's first fragment, then 1, 2, ...</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The log offset of its first byte (its first Tags, or its Cluster).</summary>
    public long Start { get; } = start;

    /// <summary>The log offset just past its last byte; -1 while frames still join it.</summary>
    public long End { get; set; } = -1;

    /// <summary>Its Cluster's Timecode, which acknowledgements quote.</summary>
    public long Timecode { get; } = timecode;

    /// <summary>The latest frame timecode written into it so far.</summary>
    public long LatestTimecode { get; set; } = timecode;

    /// <summary>When it was sealed (its last frame written), as a clock timestamp.</summary>
    public long SealedAt { get; set; }

    /// <summary>When its first byte went out on the connection now carrying it, as a clock timestamp; 0 when not sent there.</summary>
    public long SentAt { get; set; }

    /// <summary>The connection that last sent it (1, 2, ...), 0 for none yet.</summary>
    public int SentOn { get; set; }

    public bool Buffering { get; set; }

    public bool Received { get; set; }

    public bool Persisted { get; set; }

    public bool Dropped { get; set; }

    /// <summary>Sent more than once (after a reconnect or a retriable error).</summary>
    public bool Resent { get; set; }

    /// <summary>The number the service gave it, from its first acknowledgement that named one.</summary>
    public string? FragmentNumber { get; set; }

    public bool IsSealed => End >= 0;

    public long Length(long logEnd) => (IsSealed ? End : logEnd) - Start;
}
