namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// Something that happened in a PutMedia session, in the order it happened: an acknowledgement from
/// the service (<see cref="PutMediaAcknowledgement"/>), a connection opened or lost
/// (<see cref="PutMediaConnectionEvent"/>), or a fragment given up on (<see cref="PutMediaFragmentDropped"/>).
/// </summary>
public abstract record PutMediaEvent
{
    /// <summary>When it happened, on the session's clock.</summary>
    public required DateTimeOffset Time { get; init; }
}

/// <summary>An acknowledgement, as the service sent it, matched to the session's fragment.</summary>
public sealed record PutMediaAcknowledgement : PutMediaEvent
{
    /// <summary>BUFFERING, RECEIVED, PERSISTED, ERROR or IDLE.</summary>
    public required PutMediaAckEventType EventType { get; init; }

    /// <summary>The fragment's timecode as sent (its Cluster's Timecode, in milliseconds); null for IDLE.</summary>
    public long? FragmentTimecode { get; init; }

    /// <summary>The fragment number the service gave the fragment: a decimal string of about 47 digits.</summary>
    public string? FragmentNumber { get; init; }

    /// <summary>The error of an ERROR acknowledgement.</summary>
    public PutMediaErrorId? ErrorId { get; init; }

    /// <summary>The error's code as the service sent it (for example <c>MAX_FRAGMENT_SIZE_REACHED</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The typed error of an ERROR acknowledgement, saying whether the fragment is sent again or dropped.</summary>
    public PutMediaFragmentException? Error { get; init; }

    /// <summary>
    /// For BUFFERING, RECEIVED and PERSISTED: the time from the fragment's last frame being written
    /// (for BUFFERING, its first byte being sent) to this acknowledgement.
    /// </summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>Which connection of the session (1, 2, ...) it arrived on.</summary>
    public int Connection { get; init; }
}

/// <summary>A connection of the session opened, or ended with a cause.</summary>
public sealed record PutMediaConnectionEvent : PutMediaEvent
{
    /// <summary>Which connection of the session (1, 2, ...).</summary>
    public required int Connection { get; init; }

    /// <summary>True when it opened (the service answered 200); false when it ended.</summary>
    public required bool Connected { get; init; }

    /// <summary>Why it ended; null when it opened.</summary>
    public PutMediaDisconnectReason? Reason { get; init; }

    /// <summary>The failure that ended it, when one did.</summary>
    public Exception? Error { get; init; }

    /// <summary>For an opened connection: the timecode of the first fragment it sends (again), or null when it starts with new data.</summary>
    public long? ResendFromTimecode { get; init; }

    /// <summary>For an opened connection: how many fragments it sends again.</summary>
    public int FragmentsResent { get; init; }
}

/// <summary>A fragment the session gave up on: it will not be sent (again).</summary>
public sealed record PutMediaFragmentDropped : PutMediaEvent
{
    /// <summary>The fragment's timecode.</summary>
    public required long FragmentTimecode { get; init; }

    /// <summary>Why.</summary>
    public required PutMediaDropReason Reason { get; init; }

    /// <summary>The error that made it undeliverable, for <see cref="PutMediaDropReason.TerminalError"/>.</summary>
    public PutMediaFragmentException? Error { get; init; }

    /// <summary>The fragment's size in bytes.</summary>
    public long Bytes { get; init; }
}

/// <summary>Why a PutMedia connection ended.</summary>
public enum PutMediaDisconnectReason
{
    /// <summary>The session completed and every fragment was acknowledged.</summary>
    Completed,

    /// <summary>The connection failed: reset, closed by the service, or a read stall.</summary>
    Dropped,

    /// <summary>No BUFFERING acknowledgement arrived within the staleness timeout.</summary>
    Stale,

    /// <summary>The connection reached its age limit and was replaced.</summary>
    Rotated,

    /// <summary>The service sent an ERROR acknowledgement (it closes the connection after one).</summary>
    ErrorAcknowledgement,

    /// <summary>The session was cancelled or disposed.</summary>
    Cancelled,

    /// <summary>The service closed an idle connection (nothing was sent for its idle timeout).</summary>
    Idle,
}

/// <summary>Why a fragment was dropped.</summary>
public enum PutMediaDropReason
{
    /// <summary>The service answered with a terminal ERROR: sending it again cannot succeed.</summary>
    TerminalError,

    /// <summary>The buffer was full and its policy is <see cref="PutMediaBufferFullPolicy.DropOldest"/>.</summary>
    BufferFull,
}
