using System.Globalization;
using System.Text;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.Mp4;
using KinesisVideo.Emulator.Media.Rendering.MpegTs;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>A rendered session resource: its bytes and content type.</summary>
internal sealed record SessionResource(ReadOnlyMemory<byte> Body, string ContentType);

/// <summary>
/// Renders what a session URL names: the HLS playlists, the DASH manifest, the fMP4 init and media
/// fragments and the MPEG-TS fragments, from the session's timeline and the stream's store.
/// FragmentNumber is the KVS fragment number in HLS URLs and the session's sequence number
/// ($Number$) in DASH URLs, as the manifests write them.
/// </summary>
internal static class SessionResources
{
    public static SessionResource Render(string action, PlaybackSession session, StreamMedia media, IQueryCollection query, DateTimeOffset now)
    {
        var timeline = session.Timeline;
        switch (action)
        {
            case "GetHLSMasterPlaylist":
                return Text(HlsPlaylists.Master(session, timeline.View(media, now)), "application/vnd.apple.mpegurl");
            case "GetHLSMediaPlaylist":
                var track = IsTs(session) ? null : Track(session, query);
                return Text(HlsPlaylists.Media(session, timeline.View(media, now), track), "application/vnd.apple.mpegurl");
            case "GetDASHManifest":
                return new SessionResource(DashManifest.Write(session, timeline.View(media, now), now), "application/dash+xml");
            case "GetMP4InitFragment":
                RequireContainer(session, fragmentedMp4: true, action);
                var tracks = query.ContainsKey("TrackNumber") ? [Track(session, query)] : timeline.Tracks;
                return new SessionResource(FragmentedMp4.InitSegment(tracks), ContentType(tracks[0]));
            case "GetMP4MediaFragment":
                RequireContainer(session, fragmentedMp4: true, action);
                var mediaTrack = Track(session, query);
                var (fragment, index) = Fragment(session, media, query);
                var samples = TrackSamples.Of(fragment, mediaTrack);
                if (samples.Count == 0)
                {
                    throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"Fragment {fragment.FragmentNumber} has no frames on track {mediaTrack.TrackNumber}.");
                }

                return new SessionResource(FragmentedMp4.MediaSegment(mediaTrack, checked((uint)(index + 1)), samples), ContentType(mediaTrack));
            default:
                RequireContainer(session, fragmentedMp4: false, action);
                var (tsFragment, _) = Fragment(session, media, query);
                return new SessionResource(TsSegment.Write(tsFragment, timeline.Tracks), "video/mp2t");
        }
    }

    private static (StoredFragment Fragment, long Index) Fragment(PlaybackSession session, StreamMedia media, IQueryCollection query)
    {
        var number = query["FragmentNumber"].ToString();
        if (number.Length == 0)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "FragmentNumber is required.");
        }

        StoredFragment? fragment = null;
        long index = -1;
        if (session.Protocol == PlaybackProtocol.Dash)
        {
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && session.Timeline.BySequence(sequence) is { } entry)
            {
                (fragment, index) = (media.At(entry.StoreIndex), entry.StoreIndex);
            }
        }
        else if (media.IndexOf(number) is { } stored)
        {
            (fragment, index) = (media.At(stored), stored);
        }

        if (fragment is null || !session.Timeline.Admits(fragment, index))
        {
            throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"Fragment {number} is not one of this session's fragments (not stored, expired, or outside the session's range).");
        }

        return (fragment, index);
    }

    private static MediaTrack Track(PlaybackSession session, IQueryCollection query)
    {
        var tracks = session.Timeline.Tracks;
        var text = query["TrackNumber"].ToString();
        if (text.Length == 0)
        {
            return tracks[0];
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && tracks.FirstOrDefault(t => t.TrackNumber == number) is { } track
            ? track
            : throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"TrackNumber {text} is not a track of the session (tracks {string.Join(", ", tracks.Select(t => t.TrackNumber))}).");
    }

    private static void RequireContainer(PlaybackSession session, bool fragmentedMp4, string action)
    {
        if (session.Protocol == PlaybackProtocol.Hls && IsTs(session) == fragmentedMp4)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"{action} is not served for a session whose ContainerFormat is {session.ContainerFormat}.");
        }
    }

    private static bool IsTs(PlaybackSession session) => session.ContainerFormat == "MPEG_TS";

    private static string ContentType(MediaTrack track) => track.IsVideo ? "video/mp4" : "audio/mp4";

    private static SessionResource Text(string text, string contentType) => new(Encoding.UTF8.GetBytes(text), contentType);
}
