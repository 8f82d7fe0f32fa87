using System.Net.Http;
using System.Net.Sockets;
using KinesisVideo.Client.Runtime.Errors;
using Polly.Timeout;

namespace KinesisVideo.Client.Runtime.Resilience;

/// <summary>Decides which failures of one attempt are worth another attempt.</summary>
internal static class TransientFailure
{
    /// <summary>
    /// True for throttling and server errors, an attempt that timed out, and network failures that
    /// a new connection may not meet (refused, reset, ended early, name lookup). False for other
    /// client errors, certificate failures, unreadable responses, missing credentials and the
    /// caller's cancellation.
    /// </summary>
    public static bool ShouldRetry(Exception? exception, CancellationToken callCancellation) => exception switch
    {
        null => false,
        _ when callCancellation.IsCancellationRequested => false,
        KinesisVideoException service => service.IsRetryable,
        TimeoutRejectedException => true,
        HttpRequestException http => IsTransient(http),
        IOException or SocketException => true,
        _ => false,
    };

    private static bool IsTransient(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.NameResolutionError => true,
        HttpRequestError.Unknown => exception.InnerException is IOException or SocketException,
        _ => false,
    };
}
