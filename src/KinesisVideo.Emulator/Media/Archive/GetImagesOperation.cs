using System.Globalization;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// GetImages: the documented rules (a range of at most 300 seconds, a sampling interval of at least
/// 200 ms, a JPEG quality of 1 to 100, no width without a height, only tokens it issued; a stream that
/// keeps data), then an error, because the emulator does not render images yet.
/// </summary>
internal static class GetImagesOperation
{
    /// <summary>The longest range one request may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromSeconds(300);

    /// <summary>The shortest sampling interval, in milliseconds (5 images per second).</summary>
    public const int MinSamplingIntervalMilliseconds = 200;

    public static void Handle(OperationContext context)
    {
        var input = context.Input;
        var start = input.Timestamp("StartTimestamp")!.Value;
        var end = input.Timestamp("EndTimestamp")!.Value;
        if (end < start)
        {
            throw Invalid($"EndTimestamp {end:O} is before StartTimestamp {start:O}.");
        }

        if (end - start > MaxRange)
        {
            throw Invalid($"EndTimestamp {end:O} is more than {MaxRange.TotalSeconds} seconds after StartTimestamp {start:O}.");
        }

        if (input.Int("SamplingInterval") is { } interval && interval < MinSamplingIntervalMilliseconds)
        {
            throw Invalid($"SamplingInterval {interval} is below the minimum of {MinSamplingIntervalMilliseconds} milliseconds.");
        }

        if (input.Object("FormatConfig")?.String("JPEGQuality") is { } quality
            && !(int.TryParse(quality, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 100))
        {
            throw Invalid($"FormatConfig JPEGQuality '{quality}' must be a whole number from 1 to 100.");
        }

        // The reference contradicts itself on HeightPixels alone (kept to the aspect ratio, or refused);
        // both passages refuse WidthPixels alone, so that is what the emulator refuses.
        if (input.Int("WidthPixels") is not null && input.Int("HeightPixels") is null)
        {
            throw Invalid("WidthPixels needs HeightPixels.");
        }

        // GetImages never answers with a page here, so no token can be one the service issued.
        if (input.String("NextToken") is not null)
        {
            throw Invalid("The NextToken is not one this service issued for GetImages.");
        }

        var stream = StreamOperations.Resolve(context);
        if (stream.DataRetentionInHours == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0), so it has no images.");
        }

        // Not a fake success: a page of images each marked MEDIA_ERROR would claim the stream's media
        // is bad. Of the operation's documented errors, InvalidArgumentException ("is not supported,
        // or can't be used") is the one that says this request cannot be served.
        throw Invalid("GetImages is not supported by this emulator yet: it checks the request and the stream but does not render images.");
    }

    private static ServiceErrorException Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
