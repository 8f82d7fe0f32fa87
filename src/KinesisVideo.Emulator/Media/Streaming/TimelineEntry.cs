using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>Where one track of a fragment sits on the track's MP4 timeline.</summary>
/// <param name="Start">The first sample's decode time, on the track's timescale.</param>
/// <param name="Duration">The samples' total duration, on the same timescale.</param>
/// <param name="Bytes">The samples' total size.</param>
internal readonly record struct TrackTiming(long Start, long Duration, long Bytes);

/// <summary>
/// One fragment as a session lists it: its sequence number in the session (HLS media sequence, DASH
/// $Number$), the fragment, whether a discontinuity precedes it, and each track's timing.
/// </summary>
internal sealed record TimelineEntry
{
    public required long Sequence { get; init; }

    public required StoredFragment Fragment { get; init; }

    /// <summary>The fragment's index in its stream's store.</summary>
    public required long StoreIndex { get; init; }

    /// <summary>HLS: an EXT-X-DISCONTINUITY tag precedes the fragment.</summary>
    public required bool DiscontinuityBefore { get; init; }

    /// <summary>How many discontinuities the session had listed before this fragment's own (EXT-X-DISCONTINUITY-SEQUENCE).</summary>
    public required long DiscontinuitiesBefore { get; init; }

    /// <summary>Each track's timing, by track number.</summary>
    public required IReadOnlyDictionary<ulong, TrackTiming> Tracks { get; init; }

    /// <summary>The first track's timing (video, or AAC alone): what playlists and pacing go by.</summary>
    public required TrackTiming Main { get; init; }

    /// <summary>The first track's timescale.</summary>
    public required uint MainTimescale { get; init; }

    public TimeSpan Duration => TimeSpan.FromTicks((long)((Int128)Main.Duration * TimeSpan.TicksPerSecond / MainTimescale));

    public DateTimeOffset MediaStart => TrackSamples.FromTimescale(Main.Start, MainTimescale);

    public DateTimeOffset MediaEnd => TrackSamples.FromTimescale(Main.Start + Main.Duration, MainTimescale);

    /// <summary>The timings of <paramref name="fragment"/>'s tracks.</summary>
    public static Dictionary<ulong, TrackTiming> TimingsOf(StoredFragment fragment, IReadOnlyList<MediaTrack> tracks)
    {
        var timings = new Dictionary<ulong, TrackTiming>();
        foreach (var track in tracks)
        {
            var samples = TrackSamples.Of(fragment, track);
            if (samples.Count > 0)
            {
                timings[track.TrackNumber] = new TrackTiming(samples[0].DecodeTime, TrackSamples.DurationOf(samples), samples.Sum(s => (long)s.Data.Length));
            }
        }

        return timings;
    }
}
