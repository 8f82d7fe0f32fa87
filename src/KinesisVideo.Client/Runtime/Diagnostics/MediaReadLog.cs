using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Runtime.Diagnostics;

/// <summary>
/// The log messages of the parsed media reads (event ids 200–299): GetMedia, GetMediaForFragmentList
/// and archive downloads. Positions are continuation tokens, fragment numbers or start selectors;
/// causes are exception messages (the service's already redacted), with the exception. No header, URL or credential.
/// </summary>
internal static partial class MediaReadLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "{Operation} on {Stream} connected, reading from {Position}")]
    public static partial void Connected(ILogger logger, string operation, string stream, object position);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "{Operation} on {Stream} resuming from {Position} after {Cause}")]
    private static partial void WriteResuming(ILogger logger, string operation, string stream, object position, string cause, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Operation} on {Stream} failed before delivering a fragment ({Cause}); attempt {Attempt} to resume from {Position} in {Delay}")]
    private static partial void WriteRetrying(ILogger logger, string operation, string stream, string cause, int attempt, object position, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "{Operation} on {Stream} caught up: the service ended the response with nothing after {Position}")]
    public static partial void CaughtUp(ILogger logger, string operation, string stream, object position);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "{Operation} on {Stream} sent error {ErrorId} ({ErrorCode}) in place of fragment {FragmentNumber}")]
    public static partial void ErrorTag(ILogger logger, string operation, string stream, long? errorId, string? errorCode, string? fragmentNumber);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "{Operation} on {Stream} ended after {Fragments} fragments")]
    public static partial void Ended(ILogger logger, string operation, string stream, long fragments);

    [LoggerMessage(EventId = 206, Level = LogLevel.Debug, Message = "{Operation} on {Stream} sent fragment {FragmentNumber} again after {Position}; skipped")]
    public static partial void SkippedRepeat(ILogger logger, string operation, string stream, string fragmentNumber, object position);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Download of {Stream}: {Listed} fragments listed in {Pages} pages, {Duplicates} with a repeated producer timestamp dropped, {Fragments} to fetch")]
    public static partial void DownloadPlanned(ILogger logger, string stream, int listed, int pages, int duplicates, int fragments);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Download of {Stream} complete: {Fragments} fragments, {Frames} frames, {Bytes} bytes written; {Skipped} fragments the service could not serve skipped")]
    public static partial void DownloadCompleted(ILogger logger, string stream, long fragments, long frames, long bytes, int skipped);

    /// <summary>A connection failed (or was ended by an error) after delivering; the read reconnects at once.</summary>
    public static void Resuming(ILogger logger, string operation, string stream, object position, Exception failure) =>
        WriteResuming(logger, operation, stream, position, failure.Message, failure);

    /// <summary>An attempt failed before delivering anything; the next one comes after <paramref name="delay"/>.</summary>
    public static void Retrying(ILogger logger, string operation, string stream, Exception failure, int attempt, object position, TimeSpan delay) =>
        WriteRetrying(logger, operation, stream, failure.Message, attempt, position, delay, failure);
}
