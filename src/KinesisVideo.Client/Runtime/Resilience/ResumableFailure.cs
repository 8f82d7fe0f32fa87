using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Runtime.Resilience;

/// <summary>
/// Decides which failures of a streamed media read (GetMedia, GetMediaForFragmentList) are worth
/// a new connection from where the read got to: everything a unary retry would retry, plus what
/// only a long-lived read meets.
/// </summary>
internal static class ResumableFailure
{
    /// <summary>
    /// True for what <see cref="TransientFailure"/> retries (throttling, 5xx, network failures,
    /// attempt timeouts, a body that ended early), and for <c>ConnectionLimitExceededException</c>
    /// (the stream's 3 readers are taken: one will leave), <c>InvalidEndpointException</c> (the
    /// endpoint was dropped from the cache, so the next attempt looks it up afresh), a read that
    /// stalled past the idle timeout, and the service's own in-body failures (error ids 3002 and 5xxx).
    /// Never for the caller's cancellation, missing streams, bad arguments or credentials.
    /// </summary>
    public static bool IsResumable(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        null => false,
        _ when cancellationToken.IsCancellationRequested => false,
        ConnectionLimitExceededException or InvalidEndpointException => true,
        TimeoutException => true,
        _ => TransientFailure.ShouldRetry(exception, cancellationToken),
    };
}
