using System.Text.Json;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// What GetHLSStreamingSessionURL and GetDASHStreamingSessionURL share, with the documented defaults
/// applied and the documented rules checked: which selector members each PlaybackMode needs or
/// forbids, the range's order and span, and a server-time range that ends in the past.
/// </summary>
internal sealed record PlaybackSessionRequest(string PlaybackMode, string SelectorType, FragmentTimeRange? Range, int MaxFragmentResults, TimeSpan Expires)
{
    public const string Live = "LIVE";
    public const string LiveReplay = "LIVE_REPLAY";
    public const string OnDemand = "ON_DEMAND";

    /// <summary>Expires when the request gives none: 300 seconds.</summary>
    public static readonly TimeSpan DefaultExpires = TimeSpan.FromSeconds(300);

    /// <param name="input">The request body.</param>
    /// <param name="selectorMember">HLSFragmentSelector or DASHFragmentSelector.</param>
    /// <param name="maxResultsMember">MaxMediaPlaylistFragmentResults or MaxManifestFragmentResults.</param>
    /// <param name="now">The emulator's clock.</param>
    public static PlaybackSessionRequest Read(JsonElement input, string selectorMember, string maxResultsMember, DateTimeOffset now)
    {
        var mode = input.String("PlaybackMode") ?? Live;
        var selector = input.Object(selectorMember);
        var selectorType = selector?.String("FragmentSelectorType");
        var timestamps = selector?.Object("TimestampRange");
        FragmentTimeRange? range = null;
        if (mode == Live)
        {
            if (timestamps is not null)
            {
                throw Invalid($"{selectorMember}.TimestampRange must not be set when PlaybackMode is LIVE.");
            }
        }
        else
        {
            if (selectorType is null || timestamps is null)
            {
                throw Invalid($"{selectorMember} with both FragmentSelectorType and TimestampRange is required when PlaybackMode is {mode}.");
            }

            range = ReadRange(timestamps.Value, selectorType, mode, now);
        }

        // Both defaults are documented: 5 fragments for the live modes, 1,000 on demand.
        var maxResults = input.Int(maxResultsMember) ?? (mode == OnDemand ? 1000 : 5);
        var expires = input.Int("Expires") is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultExpires;
        return new PlaybackSessionRequest(mode, selectorType ?? FragmentTimeRange.ServerTimestamp, range, maxResults, expires);
    }

    private static FragmentTimeRange ReadRange(JsonElement timestamps, string selectorType, string mode, DateTimeOffset now)
    {
        var start = timestamps.Timestamp("StartTimestamp") ?? throw Invalid("TimestampRange.StartTimestamp is required when TimestampRange is set.");
        var end = timestamps.Timestamp("EndTimestamp");
        if (end is null && mode == OnDemand)
        {
            throw Invalid("TimestampRange.EndTimestamp is required when PlaybackMode is ON_DEMAND.");
        }

        var range = new FragmentTimeRange(selectorType, start, end);
        if (end is not null)
        {
            CheckClosedRange(range, now);
        }

        return range;
    }

    /// <summary>
    /// The rules of a range with both ends (sessions and GetClip): the end later than the start, at
    /// most 24 hours after it, and in the past when the range is in server time.
    /// </summary>
    public static void CheckClosedRange(FragmentTimeRange range, DateTimeOffset now)
    {
        var end = range.End!.Value;
        if (end <= range.Start)
        {
            throw Invalid($"EndTimestamp {end:O} must be later than StartTimestamp {range.Start:O}.");
        }

        if (end - range.Start > FragmentTimeRange.MaxPlaybackSpan)
        {
            throw Invalid($"EndTimestamp {end:O} must be within 24 hours of StartTimestamp {range.Start:O}.");
        }

        if (!range.ByProducerTimestamp && end > now)
        {
            throw Invalid($"EndTimestamp {end:O} is in the future; with SERVER_TIMESTAMP it must be in the past.");
        }
    }

    private static ServiceErrorException Invalid(string message) => new(ErrorCodes.InvalidArgument, message);
}
