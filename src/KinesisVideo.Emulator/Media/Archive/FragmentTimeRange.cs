using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// Which fragments a selector picks: by producer or by server timestamp, the fragment's start
/// within [<see cref="Start"/>, <see cref="End"/>], both ends inclusive as every selector of the
/// archived media API documents; no <see cref="End"/> is open-ended (a LIVE_REPLAY session).
/// </summary>
internal sealed record FragmentTimeRange(string SelectorType, DateTimeOffset Start, DateTimeOffset? End)
{
    public const string ProducerTimestamp = "PRODUCER_TIMESTAMP";
    public const string ServerTimestamp = "SERVER_TIMESTAMP";

    /// <summary>The longest range a playback session or clip may span.</summary>
    public static readonly TimeSpan MaxPlaybackSpan = TimeSpan.FromHours(24);

    public bool ByProducerTimestamp => SelectorType == ProducerTimestamp;

    /// <summary>The fragment's timestamp this range selects by.</summary>
    public DateTimeOffset TimestampOf(StoredFragment fragment) => ByProducerTimestamp ? fragment.ProducerTimestamp : fragment.ServerTimestamp;

    public bool Contains(StoredFragment fragment)
    {
        var timestamp = TimestampOf(fragment);
        return timestamp >= Start && (End is not { } end || timestamp <= end);
    }
}
