namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>What a PutMedia session did, from its start to its end.</summary>
public sealed record PutMediaSummary
{
    /// <summary>Frames taken.</summary>
    public required long FramesWritten { get; init; }

    /// <summary>Frames skipped because they came before the first key frame of the video track.</summary>
    public long FramesSkipped { get; init; }

    /// <summary>Fragments written.</summary>
    public required long FragmentsWritten { get; init; }

    /// <summary>Fragments the service RECEIVED.</summary>
    public required long FragmentsReceived { get; init; }

    /// <summary>Fragments the service PERSISTED (0 for a stream without data retention).</summary>
    public required long FragmentsPersisted { get; init; }

    /// <summary>Fragments given up on: refused with a terminal error, or dropped for a full buffer (each had an event).</summary>
    public required long FragmentsDropped { get; init; }

    /// <summary>
    /// Fragments RECEIVED whose PERSISTED never arrived, because their connection ended first or the
    /// buffer needed the room: the service has them, but their persistence is not confirmed.
    /// </summary>
    public required long FragmentsUnconfirmed { get; init; }

    /// <summary>
    /// The fragments not delivered when the session ended (cancelled, or failed), oldest first, by
    /// timecode; empty after a successful <c>CompleteAsync</c>.
    /// </summary>
    public required IReadOnlyList<long> UndeliveredTimecodes { get; init; }

    /// <summary>MKV bytes sent, resent ones included.</summary>
    public required long BytesSent { get; init; }

    /// <summary>Connections opened (1 when nothing went wrong).</summary>
    public required int Connections { get; init; }

    /// <summary>From the session's start to its end.</summary>
    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// A PutMedia session was cancelled (or disposed) before every fragment was delivered:
/// <see cref="Summary"/> says what was and what was not.
/// </summary>
public sealed class PutMediaCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="summary">What the session did.</param>
    /// <param name="cancellationToken">The token that cancelled it.</param>
    public PutMediaCanceledException(PutMediaSummary summary, CancellationToken cancellationToken)
        : base(Describe(summary), cancellationToken)
    {
        Summary = summary;
    }

    /// <summary>What the session did, and which fragments it did not deliver.</summary>
    public PutMediaSummary Summary { get; }

    private static string Describe(PutMediaSummary summary) => summary.UndeliveredTimecodes.Count == 0
        ? $"The PutMedia session was cancelled; all {summary.FragmentsWritten} fragments written were delivered."
        : $"The PutMedia session was cancelled with {summary.UndeliveredTimecodes.Count} of {summary.FragmentsWritten} fragments not delivered (timecodes {summary.UndeliveredTimecodes[0]} to {summary.UndeliveredTimecodes[^1]}).";
}
