namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>
/// What a playlist or manifest shows at one moment: the fragments in its window, whether the list
/// is complete (ON_DEMAND, or a LIVE_REPLAY past its end), the longest fragment so far, and for a
/// live DASH manifest the wall-clock instant its media timeline is anchored to.
/// </summary>
internal sealed record TimelineView(IReadOnlyList<TimelineEntry> Entries, bool IsComplete, TimeSpan LongestDuration, DateTimeOffset Anchor, DateTimeOffset Origin);
