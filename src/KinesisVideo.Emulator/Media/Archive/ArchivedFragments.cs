using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>What the archived media API sees of a stream: its persisted fragments within retention.</summary>
internal static class ArchivedFragments
{
    /// <summary>
    /// The stream's persisted fragments, oldest first, after dropping those older than its retention.
    /// A stream that keeps no data is not trimmed: its fragments exist only for live GetMedia readers.
    /// </summary>
    public static List<StoredFragment> Of(StreamRecord stream, DateTimeOffset now)
    {
        Trim(stream, now);
        return [.. stream.Media.Snapshot().Select(kept => kept.Fragment).Where(fragment => fragment.IsPersisted)];
    }

    /// <summary>Drops the stream's fragments older than its retention (none for a stream that keeps no data).</summary>
    public static void Trim(StreamRecord stream, DateTimeOffset now)
    {
        if (stream.DataRetentionInHours > 0)
        {
            stream.Media.TrimBefore(now - TimeSpan.FromHours(stream.DataRetentionInHours));
        }
    }
}
