using System.Globalization;
using System.Text;
using System.Xml;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Rendering;

namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>
/// A session's MPEG-DASH manifest (ISO/IEC 23009-1, live profile): one AdaptationSet per track,
/// each a SegmentTemplate over the session's fMP4 init and media fragments with a SegmentTimeline
/// of the listed fragments ($Number$ is the session's sequence number, as AWS numbers them).
/// ON_DEMAND is static, its timeline starting at the first fragment. LIVE and LIVE_REPLAY are
/// dynamic, refreshed every second, pinned to the emulator's clock (UTCTiming tells players that
/// clock; the newest fragment's end is "now" when first shown), so a player finds the live edge
/// whatever clock the producer stamped with, and played three fragments behind it.
/// DisplayFragmentTimestamp and DisplayFragmentNumber add kvs:ts and kvs:fn to each S element.
/// </summary>
internal static class DashManifest
{
    /// <summary>The namespace of the kvs: attributes (the emulator's own; players ignore unknown attributes).</summary>
    public const string KvsNamespace = "urn:kinesisvideo:dash:2018";

    private const string DashNamespace = "urn:mpeg:dash:schema:mpd:2011";

    /// <summary>The manifest as UTF-8 bytes.</summary>
    public static byte[] Write(PlaybackSession session, TimelineView view, DateTimeOffset now)
    {
        var isStatic = session.Request.PlaybackMode == PlaybackSessionRequest.OnDemand;
        using var text = new MemoryStream();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("MPD", DashNamespace);
            xml.WriteAttributeString("xmlns", "kvs", null, KvsNamespace);
            xml.WriteAttributeString("profiles", "urn:mpeg:dash:profile:isoff-live:2011");
            xml.WriteAttributeString("minBufferTime", "PT2S");
            var windowSeconds = view.Entries.Sum(e => e.Duration.TotalSeconds);
            if (isStatic)
            {
                xml.WriteAttributeString("type", "static");
                xml.WriteAttributeString("mediaPresentationDuration", Duration(view.Entries.Count == 0 ? 0 : (view.Entries[^1].MediaEnd - view.Origin).TotalSeconds));
            }
            else
            {
                xml.WriteAttributeString("type", "dynamic");
                xml.WriteAttributeString("availabilityStartTime", Instant(view.Anchor));
                xml.WriteAttributeString("publishTime", Instant(now));
                xml.WriteAttributeString("minimumUpdatePeriod", "PT1S");
                xml.WriteAttributeString("timeShiftBufferDepth", Duration(windowSeconds + 10));
                xml.WriteAttributeString("maxSegmentDuration", Duration(Math.Max(1, view.LongestDuration.TotalSeconds)));

                // Three fragments behind the live edge, as HLS players keep three target durations.
                xml.WriteAttributeString("suggestedPresentationDelay", Duration(3 * Math.Max(1, view.LongestDuration.TotalSeconds)));
            }

            xml.WriteStartElement("Period", DashNamespace);
            xml.WriteAttributeString("id", "0");
            xml.WriteAttributeString("start", "PT0S");
            foreach (var track in session.Timeline.Tracks)
            {
                WriteAdaptationSet(xml, session, view, track);
            }

            xml.WriteEndElement();
            xml.WriteStartElement("UTCTiming", DashNamespace);
            xml.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:utc:direct:2014");
            xml.WriteAttributeString("value", Instant(now));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToArray();
    }

    private static void WriteAdaptationSet(XmlWriter xml, PlaybackSession session, TimelineView view, MediaTrack track)
    {
        xml.WriteStartElement("AdaptationSet", DashNamespace);
        xml.WriteAttributeString("id", Number(track.TrackNumber));
        xml.WriteAttributeString("contentType", track.IsVideo ? "video" : "audio");
        xml.WriteAttributeString("mimeType", track.IsVideo ? "video/mp4" : "audio/mp4");
        xml.WriteAttributeString("segmentAlignment", "true");
        xml.WriteAttributeString("startWithSAP", "1");
        xml.WriteStartElement("Representation", DashNamespace);
        xml.WriteAttributeString("id", Number(track.TrackNumber));
        xml.WriteAttributeString("codecs", track.CodecString);
        xml.WriteAttributeString("bandwidth", Number(Bandwidth(view, track)));
        if (track.IsVideo)
        {
            xml.WriteAttributeString("width", Number(track.Width));
            xml.WriteAttributeString("height", Number(track.Height));
        }
        else
        {
            xml.WriteAttributeString("audioSamplingRate", Number(track.SampleRate));
            xml.WriteStartElement("AudioChannelConfiguration", DashNamespace);
            xml.WriteAttributeString("schemeIdUri", "urn:mpeg:dash:23003:3:audio_channel_configuration:2011");
            xml.WriteAttributeString("value", Number(track.Channels));
            xml.WriteEndElement();
        }

        var token = session.Token;
        xml.WriteStartElement("SegmentTemplate", DashNamespace);
        xml.WriteAttributeString("timescale", Number(track.Timescale));
        xml.WriteAttributeString("presentationTimeOffset", Number(TrackSamples.ToTimescale(view.Origin, track.Timescale)));
        xml.WriteAttributeString("startNumber", Number(view.Entries.Count > 0 ? view.Entries[0].Sequence : 1));
        xml.WriteAttributeString("initialization", $"getMP4InitFragment.mp4?SessionToken={token}&TrackNumber={Number(track.TrackNumber)}");
        xml.WriteAttributeString("media", $"getMP4MediaFragment.mp4?FragmentNumber=$Number$&SessionToken={token}&TrackNumber={Number(track.TrackNumber)}");
        xml.WriteStartElement("SegmentTimeline", DashNamespace);
        var timings = view.Entries.Select(e => e.Tracks.TryGetValue(track.TrackNumber, out var timing) ? timing : (TrackTiming?)null).ToList();
        for (var i = 0; i < timings.Count; i++)
        {
            if (timings[i] is not { } timing)
            {
                continue;
            }

            var entry = view.Entries[i];
            xml.WriteStartElement("S", DashNamespace);
            xml.WriteAttributeString("t", Number(timing.Start));
            xml.WriteAttributeString("d", Number(Duration(timing, i + 1 < timings.Count ? timings[i + 1] : null)));
            if (session.DisplayFragmentTimestamp == "ALWAYS")
            {
                xml.WriteAttributeString("ts", KvsNamespace, HlsPlaylists.DisplayTimestamp(session, entry));
            }

            if (session.DisplayFragmentNumber == "ALWAYS")
            {
                xml.WriteAttributeString("fn", KvsNamespace, entry.Fragment.FragmentNumber);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    // A segment lasts until the next one starts when that is close: producers' audio frames rarely
    // end exactly where the next fragment's start, and dash.js stops fetching a track at a gap of a
    // few samples in its timeline. The media keeps its own times; only the schedule is closed up.
    private static long Duration(TrackTiming timing, TrackTiming? next) =>
        next is { } following && following.Start > timing.Start && following.Start - timing.Start <= 2 * timing.Duration
            ? following.Start - timing.Start
            : timing.Duration;

    private static long Bandwidth(TimelineView view, MediaTrack track)
    {
        long bytes = 0, ticks = 0;
        foreach (var entry in view.Entries)
        {
            if (entry.Tracks.TryGetValue(track.TrackNumber, out var timing))
            {
                bytes += timing.Bytes;
                ticks += timing.Duration;
            }
        }

        return ticks > 0 ? Math.Max(1, (long)(bytes * 8 * (double)track.Timescale / ticks)) : 1_000_000;
    }

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => string.Create(CultureInfo.InvariantCulture, $"PT{Math.Max(0, seconds):0.###}S");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
