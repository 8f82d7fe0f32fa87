using System.Text.Json;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// GetMedia's StartSelector, checked beyond what the model says: each type comes with the member it
/// needs (AfterFragmentNumber, StartTimestamp or ContinuationToken), else InvalidArgumentException
/// before any 200.
/// </summary>
internal sealed record StartSelector(string Type, string? AfterFragmentNumber, DateTimeOffset? StartTimestamp, string? ContinuationToken)
{
    public const string Now = "NOW";
    public const string Earliest = "EARLIEST";
    public const string FragmentNumber = "FRAGMENT_NUMBER";
    public const string ServerTimestamp = "SERVER_TIMESTAMP";
    public const string ProducerTimestamp = "PRODUCER_TIMESTAMP";
    public const string ContinuationTokenType = "CONTINUATION_TOKEN";

    /// <summary>Reads the selector of a validated GetMedia input.</summary>
    public static StartSelector Parse(JsonElement selector)
    {
        var result = new StartSelector(
            selector.String("StartSelectorType")!,
            selector.String("AfterFragmentNumber"),
            selector.Timestamp(nameof(StartTimestamp)),
            selector.String("ContinuationToken"));
        var missing = result.Type switch
        {
            FragmentNumber when result.AfterFragmentNumber is null => "AfterFragmentNumber",
            ServerTimestamp or ProducerTimestamp when result.StartTimestamp is null => "StartTimestamp",
            ContinuationTokenType when result.ContinuationToken is null => "ContinuationToken",
            _ => null,
        };
        if (missing is not null)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"StartSelectorType {result.Type} requires StartSelector.{missing}.");
        }

        return result;
    }
}
