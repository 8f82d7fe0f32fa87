using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>
/// The samples of one track of a stored fragment, timed for MP4 and MPEG-TS. MKV blocks carry
/// presentation times only and come in decode order, so a video track whose times are not
/// increasing (B-frames) gets decode times from its sorted presentation times and signed
/// composition offsets. AAC frames last 1024 (or 960) samples; G.711 one sample per byte and
/// channel; a video frame lasts until the next one, and the last one of a fragment as long as the
/// one before it (or the track's declared frame duration, or 1/30 s).
/// </summary>
internal static class TrackSamples
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>The samples of <paramref name="track"/> in <paramref name="fragment"/>, in decode order.</summary>
    public static List<MediaSample> Of(StoredFragment fragment, MediaTrack track)
    {
        var frames = fragment.Frames.Where(f => f.TrackNumber == track.TrackNumber).ToList();
        var samples = new List<MediaSample>(frames.Count);
        if (frames.Count == 0)
        {
            return samples;
        }

        var times = frames.Select(f => ToTimescale(FrameTime(fragment, f), track.Timescale)).ToArray();
        if (!track.IsVideo)
        {
            var time = times[0];
            foreach (var frame in frames)
            {
                var duration = track.SamplesPerFrame > 0 ? track.SamplesPerFrame : frame.Data.Length / Math.Max(1, track.Channels);
                samples.Add(new MediaSample(time, duration, 0, true, frame.Data));
                time += duration;
            }

            return samples;
        }

        var decode = (long[])times.Clone();
        Array.Sort(decode);
        for (var i = 0; i < frames.Count; i++)
        {
            var duration = i + 1 < frames.Count ? decode[i + 1] - decode[i] : LastDuration(track, decode);
            samples.Add(new MediaSample(decode[i], duration, checked((int)(times[i] - decode[i])), frames[i].IsKeyFrame, frames[i].Data));
        }

        return samples;
    }

    /// <summary>The total duration of <paramref name="samples"/> on their timescale.</summary>
    public static long DurationOf(IReadOnlyList<MediaSample> samples) =>
        samples.Count == 0 ? 0 : samples[^1].DecodeTime + samples[^1].Duration - samples[0].DecodeTime;

    /// <summary>A frame's producer time: the fragment's producer timestamp (its Cluster timecode) plus the block's offset.</summary>
    public static DateTimeOffset FrameTime(StoredFragment fragment, StoredFrame frame) =>
        fragment.ProducerTimestamp + TimeSpan.FromTicks(frame.RelativeTimecode * fragment.Header.TimecodeScale / 100);

    /// <summary>A time as ticks of <paramref name="timescale"/> since the Unix epoch (rounded down).</summary>
    public static long ToTimescale(DateTimeOffset time, uint timescale)
    {
        var ticks = (Int128)(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * timescale;
        return (long)(ticks >= 0 ? ticks / TicksPerSecond : ((ticks + 1) / TicksPerSecond) - 1);
    }

    /// <summary>A tick count of <paramref name="timescale"/> since the Unix epoch as a time.</summary>
    public static DateTimeOffset FromTimescale(long value, uint timescale) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromTicks((long)((Int128)value * TicksPerSecond / timescale));

    private static long LastDuration(MediaTrack track, long[] decode)
    {
        if (decode.Length > 1)
        {
            return decode[^1] - decode[^2];
        }

        return track.DefaultDurationNanoseconds > 0
            ? (long)(track.DefaultDurationNanoseconds * track.Timescale / 1_000_000_000UL)
            : track.Timescale / 30;
    }
}
