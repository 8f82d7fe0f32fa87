using System.Globalization;
using System.Text;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Rendering;

namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>
/// The HLS playlists of a session (RFC 8216), laid out as AWS's: a master playlist with one media
/// playlist per track for fMP4 (video as the variant, AAC as its audio rendition) or one for both
/// tracks in MPEG-TS, and media playlists whose URIs are relative to the playlist and carry the
/// session token, the fragment number and the track number.
/// </summary>
internal static class HlsPlaylists
{
    private const string MediaPlaylist = "getHLSMediaPlaylist.m3u8";

    public static string Master(PlaybackSession session, TimelineView view)
    {
        var tracks = session.Timeline.Tracks;
        var token = session.Token;
        var main = tracks[0];
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:").Append(IsTs(session) ? 3 : 7).Append('\n');
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        var audioGroup = !IsTs(session) && tracks.Count > 1;
        if (audioGroup)
        {
            var audio = tracks[1];
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Track {audio.TrackNumber}\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"{audio.Channels}\",URI=\"{MediaPlaylist}?SessionToken={token}&TrackNumber={audio.TrackNumber}\"\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={Bandwidth(view)},CODECS=\"{string.Join(',', tracks.Select(t => t.CodecString))}\"");
        if (main.IsVideo && main.Width > 0 && main.Height > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={main.Width}x{main.Height}");
        }

        if (audioGroup)
        {
            text.Append(",AUDIO=\"audio\"");
        }

        text.Append('\n').Append(MediaPlaylist).Append("?SessionToken=").Append(token);
        if (!IsTs(session))
        {
            text.Append(CultureInfo.InvariantCulture, $"&TrackNumber={main.TrackNumber}");
        }

        return text.Append('\n').ToString();
    }

    /// <summary>The media playlist of <paramref name="track"/> (fMP4) or of every track (MPEG-TS, <paramref name="track"/> null).</summary>
    public static string Media(PlaybackSession session, TimelineView view, MediaTrack? track)
    {
        var token = session.Token;
        var entries = view.Entries;
        var text = new StringBuilder();
        text.Append("#EXTM3U\n#EXT-X-VERSION:").Append(track is null ? 3 : 7).Append('\n');
        if (session.Request.PlaybackMode == PlaybackSessionRequest.OnDemand)
        {
            text.Append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        }

        // Every EXTINF, rounded, must fit; the session's longest so far keeps it from shrinking as a live window slides.
        var longest = entries.Select(e => Seconds(e, track)).Append(view.LongestDuration.TotalSeconds).Max();
        var target = Math.Max(1, (int)Math.Round(longest, MidpointRounding.AwayFromZero));
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{target}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{(entries.Count > 0 ? entries[0].Sequence : 1)}\n");
        if (entries.Count > 0 && entries[0].DiscontinuitiesBefore > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{entries[0].DiscontinuitiesBefore}\n");
        }

        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (track is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"getMP4InitFragment.mp4?SessionToken={token}&TrackNumber={track.TrackNumber}\"\n");
        }

        foreach (var entry in entries)
        {
            if (entry.DiscontinuityBefore)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }

            if (session.DisplayFragmentTimestamp == "ALWAYS")
            {
                text.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(DisplayTimestamp(session, entry)).Append('\n');
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{Seconds(entry, track):0.000},\n");
            text.Append(track is null ? "getTSFragment.ts" : "getMP4MediaFragment.mp4");
            text.Append("?FragmentNumber=").Append(entry.Fragment.FragmentNumber).Append("&SessionToken=").Append(token);
            if (track is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"&TrackNumber={track.TrackNumber}");
            }

            text.Append('\n');
        }

        if (view.IsComplete)
        {
            text.Append("#EXT-X-ENDLIST\n");
        }

        return text.ToString();
    }

    /// <summary>The fragment's start by the session's selector (server or producer time), ISO 8601 in UTC with milliseconds.</summary>
    public static string DisplayTimestamp(PlaybackSession session, TimelineEntry entry)
    {
        var at = session.Request.SelectorType == FragmentTimeRange.ProducerTimestamp ? entry.Fragment.ProducerTimestamp : entry.Fragment.ServerTimestamp;
        return at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Bits per second of the listed fragments, all tracks (BANDWIDTH; 1 Mbit/s before any is listed).</summary>
    public static long Bandwidth(TimelineView view)
    {
        var seconds = view.Entries.Sum(e => e.Duration.TotalSeconds);
        var bytes = view.Entries.Sum(e => e.Tracks.Values.Sum(t => t.Bytes));
        return seconds > 0 ? Math.Max(1, (long)(bytes * 8 / seconds)) : 1_000_000;
    }

    private static bool IsTs(PlaybackSession session) => session.ContainerFormat == "MPEG_TS";

    private static double Seconds(TimelineEntry entry, MediaTrack? track) =>
        track is not null && entry.Tracks.TryGetValue(track.TrackNumber, out var timing)
            ? (double)timing.Duration / track.Timescale
            : entry.Duration.TotalSeconds;
}
