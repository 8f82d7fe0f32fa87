using System.Net;

namespace KinesisVideo.Client.Runtime.Errors;

/// <summary>
/// An error answered by Kinesis Video Streams, or a response the client could not read.
/// Errors the API models declare arrive as their own subclass (for example
/// <see cref="ResourceNotFoundException"/>); any other code arrives as this type with
/// <see cref="ErrorCode"/> set, so callers can still tell errors apart. <see cref="ErrorType"/> says
/// whether the caller or the service is at fault.
/// </summary>
/// <remarks>Messages never carry credentials, signatures or session tokens: they are redacted.</remarks>
public class KinesisVideoException : Exception
{
    /// <summary>Creates an exception for an error response of the service.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="errorCode">The service's error code, or null when the response named none.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="requestId">The service's request id, from <c>x-amzn-RequestId</c>.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public KinesisVideoException(string message, string? errorCode, HttpStatusCode? statusCode, string? requestId, Exception? innerException = null)
        : this(message, errorCode, statusCode, requestId, ErrorTypeOf(statusCode), innerException)
    {
    }

    /// <summary>Creates an exception whose fault is known otherwise than from an HTTP status (for example from an acknowledgement).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="errorCode">The service's error code, or null when the response named none.</param>
    /// <param name="statusCode">The HTTP status of the response, or null when there was none.</param>
    /// <param name="requestId">The service's request id, from <c>x-amzn-RequestId</c>.</param>
    /// <param name="errorType">Whose fault the error is.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public KinesisVideoException(string message, string? errorCode, HttpStatusCode? statusCode, string? requestId, KinesisVideoErrorType errorType, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        ErrorType = errorType;
    }

    /// <summary>The service's error code (for example <c>ResourceNotFoundException</c>), or null when there was none.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status of the response, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Whose fault the error is: <see cref="KinesisVideoErrorType.Sender"/> for HTTP 4xx (the request:
    /// arguments, permissions, missing resources, throttling), <see cref="KinesisVideoErrorType.Receiver"/>
    /// for HTTP 5xx (the service), <see cref="KinesisVideoErrorType.Unknown"/> when no error status says.
    /// </summary>
    public KinesisVideoErrorType ErrorType { get; }

    /// <summary>The request id the service gave the call (<c>x-amzn-RequestId</c>); quote it to AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// Whether the same call may succeed if sent again: throttling (<c>ClientLimitExceededException</c>,
    /// <c>ThrottlingException</c>, HTTP 429) and server errors (HTTP 5xx). Other client errors never are.
    /// </summary>
    public virtual bool IsRetryable => RetryableErrors.IsRetryable(ErrorCode, StatusCode);

    private static KinesisVideoErrorType ErrorTypeOf(HttpStatusCode? statusCode) => (int?)statusCode switch
    {
        >= 400 and < 500 => KinesisVideoErrorType.Sender,
        >= 500 and < 600 => KinesisVideoErrorType.Receiver,
        _ => KinesisVideoErrorType.Unknown,
    };
}
