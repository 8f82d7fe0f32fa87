using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Runtime.Diagnostics;

/// <summary>
/// The client's log messages. None of them carries a header, a URL query or a credential; failures
/// are logged through exceptions whose messages are already redacted.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Operation} answered {StatusCode} in {ElapsedMilliseconds} ms (request id {RequestId})")]
    public static partial void Completed(ILogger logger, string operation, int statusCode, double elapsedMilliseconds, string? requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Retrying {Operation}, attempt {Attempt}, in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Operation} failed after {ElapsedMilliseconds} ms")]
    public static partial void AttemptFailed(ILogger logger, string operation, double elapsedMilliseconds, Exception exception);
}
