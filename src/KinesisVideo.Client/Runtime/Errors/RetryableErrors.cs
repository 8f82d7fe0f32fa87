using System.Net;

namespace KinesisVideo.Client.Runtime.Errors;

/// <summary>Which service errors are worth sending again.</summary>
internal static class RetryableErrors
{
    /// <summary>
    /// Throttling codes. Kinesis Video answers throttling with <c>ClientLimitExceededException</c> and
    /// HTTP 400, which generic AWS retry policies do not recognise as throttling; the others are the
    /// codes AWS front ends use.
    /// </summary>
    private static readonly HashSet<string> s_throttlingCodes = new(StringComparer.Ordinal)
    {
        ErrorCodes.ClientLimitExceededException,
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestThrottledException",
        "RequestLimitExceeded",
    };

    public static bool IsThrottling(string? errorCode, HttpStatusCode? statusCode) =>
        statusCode == HttpStatusCode.TooManyRequests || (errorCode is not null && s_throttlingCodes.Contains(errorCode));

    public static bool IsRetryable(string? errorCode, HttpStatusCode? statusCode) =>
        IsThrottling(errorCode, statusCode) || (int?)statusCode >= 500;
}
