namespace KinesisVideo.Client.Runtime.Errors;

/// <summary>
/// Whose fault an error is, as the AWS SDK for .NET's <c>ErrorType</c> says it: the caller's
/// (<see cref="Sender"/>: a bad argument, a missing resource, no permission, throttling), the
/// service's (<see cref="Receiver"/>: an internal error, unavailable), or not known.
/// </summary>
public enum KinesisVideoErrorType
{
    /// <summary>No error response says whose fault it is (for example a success status with an unreadable body).</summary>
    Unknown = 0,

    /// <summary>The request is at fault (HTTP 4xx): fix it, or for throttling send it later.</summary>
    Sender = 1,

    /// <summary>The service failed to handle a request that may be valid (HTTP 5xx); sending it again may succeed.</summary>
    Receiver = 2,
}
