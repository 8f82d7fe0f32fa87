using System.Globalization;
using KinesisVideo.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// PutMedia's input, which travels in headers (the body is the media): the stream, whether Cluster
/// timecodes are absolute or relative, and the producer's start timestamp.
/// </summary>
/// <remarks>
/// The start timestamp is required with RELATIVE timecodes, which are offsets from it. With
/// ABSOLUTE timecodes the service does not use it; the emulator accepts it missing (the C producer
/// always sends it, other producers may not) but refuses a malformed one, as it refuses any bad header.
/// </remarks>
internal sealed record PutMediaRequest(string? StreamName, string? StreamArn, bool IsRelative, DateTimeOffset? ProducerStartTimestamp)
{
    public const string StreamNameHeader = "x-amzn-stream-name";
    public const string StreamArnHeader = "x-amzn-stream-arn";
    public const string TimecodeTypeHeader = "x-amzn-fragment-timecode-type";
    public const string ProducerStartTimestampHeader = "x-amzn-producer-start-timestamp";

    /// <summary>Reads the headers; throws InvalidArgumentException for a missing or malformed one.</summary>
    public static PutMediaRequest FromHeaders(IHeaderDictionary headers)
    {
        var name = Single(headers, StreamNameHeader);
        var arn = Single(headers, StreamArnHeader);
        var relative = Single(headers, TimecodeTypeHeader) switch
        {
            "ABSOLUTE" => false,
            "RELATIVE" => true,
            null => throw Invalid($"The {TimecodeTypeHeader} header is required (ABSOLUTE or RELATIVE)."),
            var other => throw Invalid($"The {TimecodeTypeHeader} header must be ABSOLUTE or RELATIVE, not '{other}'."),
        };

        var start = Single(headers, ProducerStartTimestampHeader) is { } text ? ParseEpochSeconds(text) : (DateTimeOffset?)null;
        if (relative && start is null)
        {
            throw Invalid($"The {ProducerStartTimestampHeader} header is required with RELATIVE fragment timecodes.");
        }

        return new PutMediaRequest(name, arn, relative, start);
    }

    // Epoch seconds with an optional fraction, e.g. 1663277247.152; digits and one point only, so a
    // decimal comma from a locale bug is refused as the service refuses it.
    private static DateTimeOffset ParseEpochSeconds(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw Invalid($"The {ProducerStartTimestampHeader} header must be epoch seconds with an optional fraction (e.g. 1663277247.152), not '{text}'.");
        }

        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    private static string? Single(IHeaderDictionary headers, string name)
    {
        var values = headers[name];
        if (values.Count > 1)
        {
            throw Invalid($"The {name} header is given more than once.");
        }

        return values.Count == 1 ? values[0] : null;
    }

    private static ServiceErrorException Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
