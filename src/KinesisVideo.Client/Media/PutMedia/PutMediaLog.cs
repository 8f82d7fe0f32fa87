using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// The PutMedia session's log messages (event ids 100–199). None carries a header, a signature or a
/// credential: endpoints are logged by host only and failures through redacted exception messages.
/// </summary>
internal static partial class PutMediaLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "PutMedia to {Stream}: connection {Connection} open to {Host}, sending from timecode {ResendFrom} ({Resent} fragments again)")]
    public static partial void Connected(ILogger logger, string stream, int connection, string host, long? resendFrom, int resent);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: connection {Connection} ended ({Reason}); reconnecting")]
    public static partial void Reconnecting(ILogger logger, string stream, int connection, PutMediaDisconnectReason reason, Exception? exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "PutMedia to {Stream}: connection {Connection} reached its age limit after {Age}; rotating to a new one")]
    public static partial void Rotating(ILogger logger, string stream, int connection, TimeSpan age);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: connection {Connection} is stale: no BUFFERING acknowledgement for {Waited}")]
    public static partial void Stale(ILogger logger, string stream, int connection, TimeSpan waited);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: ERROR acknowledgement {ErrorId} ({ErrorCode}) for fragment {Timecode}; {Action}")]
    public static partial void ErrorAcknowledgement(ILogger logger, string stream, int errorId, string? errorCode, long? timecode, string action);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: could not connect (attempt {Attempt}); trying again in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string stream, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: fragment {Timecode} dropped ({Reason})")]
    public static partial void FragmentDropped(ILogger logger, string stream, long timecode, PutMediaDropReason reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "PutMedia to {Stream} failed")]
    public static partial void Failed(ILogger logger, string stream, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "PutMedia to {Stream} complete: {Fragments} fragments, {Frames} frames, {Bytes} bytes in {Elapsed} over {Connections} connections")]
    public static partial void Completed(ILogger logger, string stream, long fragments, long frames, long bytes, TimeSpan elapsed, int connections);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "PutMedia to {Stream}: DescribeStream failed, so fragments count as delivered when RECEIVED; set PutMediaSessionOptions.Completion to choose")]
    public static partial void CompletionUnknown(ILogger logger, string stream, Exception exception);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "PutMedia to {Stream}: skipping frames until the first key frame of the video track, where the first fragment starts")]
    public static partial void SkippingBeforeKeyFrame(ILogger logger, string stream);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "PutMedia to {Stream}: {EventType} for fragment {Timecode} ({FragmentNumber}) on connection {Connection}")]
    public static partial void Acknowledgement(ILogger logger, string stream, string eventType, long? timecode, string? fragmentNumber, int connection);
}
