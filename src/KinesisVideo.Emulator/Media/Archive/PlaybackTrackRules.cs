using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>Who plays a stream's media back: each accepts a different set of tracks.</summary>
internal enum PlaybackFormat
{
    /// <summary>HLS: H.264 or H.265 video in track 1 and optionally AAC in track 2, or AAC alone in track 1.</summary>
    Hls,

    /// <summary>MPEG-DASH: H.264 or H.265 video in track 1 and optionally AAC or G.711 (MS Wave) audio in track 2.</summary>
    Dash,

    /// <summary>GetClip's MP4: the tracks DASH accepts.</summary>
    Clip,
}

/// <summary>
/// The playback track requirements, judged as the service judges them: from the codec ids and codec
/// private data of the tracks in the first fragment of the session or clip. The codec ids are the
/// real Matroska ones (the reference's <c>V_MPEG/ISO/AVC</c> is a documentation error).
/// </summary>
internal static class PlaybackTrackRules
{
    /// <summary>Matroska's id for audio in a Windows WAVEFORMATEX (how producers carry G.711).</summary>
    public const string MsWaveCodecId = "A_MS/ACM";

    // The fixed part of an HEVCDecoderConfigurationRecord, before its NAL unit arrays.
    private const int HevcRecordHeaderLength = 23;

    // A WAVEFORMATEX without its extension: tag, channels, rate, byte rate, block align, bits.
    private const int WaveFormatLength = 16;

    /// <summary>Throws the service's error when <paramref name="header"/>'s tracks cannot be played as <paramref name="format"/>.</summary>
    public static void Check(ProducerHeader header, PlaybackFormat format)
    {
        var tracks = header.Tracks;
        if (!IsSupported(tracks, format))
        {
            throw new ServiceErrorException(
                ErrorCodes.UnsupportedStreamMediaType,
                $"The media type cannot be played back with {format}: the first fragment's tracks have codec ids [{string.Join(", ", tracks.Select(t => t.CodecId))}].");
        }

        foreach (var track in tracks)
        {
            if (track.CodecPrivate.IsEmpty)
            {
                throw new ServiceErrorException(ErrorCodes.MissingCodecPrivateData, $"Track {track.TrackNumber} ({track.CodecId}) of the first fragment has no codec private data.");
            }

            if (!HasValidCodecPrivate(track))
            {
                throw new ServiceErrorException(ErrorCodes.InvalidCodecPrivateData, $"The codec private data of track {track.TrackNumber} ({track.CodecId}) is not in the format that codec requires.");
            }
        }
    }

    private static bool IsSupported(IReadOnlyList<MkvTrackEntry> tracks, PlaybackFormat format) => tracks.Count switch
    {
        1 => IsVideo(tracks[0]) || (format == PlaybackFormat.Hls && tracks[0].CodecId == MkvTrackEntry.AacCodecId),
        2 => IsVideo(tracks[0]) && IsAudio(tracks[1], format),
        _ => false,
    };

    private static bool IsVideo(MkvTrackEntry track) => track.CodecId is MkvTrackEntry.H264CodecId or MkvTrackEntry.H265CodecId;

    private static bool IsAudio(MkvTrackEntry track, PlaybackFormat format) =>
        track.CodecId == MkvTrackEntry.AacCodecId || (format != PlaybackFormat.Hls && track.CodecId == MsWaveCodecId);

    private static bool HasValidCodecPrivate(MkvTrackEntry track)
    {
        var data = track.CodecPrivate.Span;
        return track.CodecId switch
        {
            MkvTrackEntry.H264CodecId => AvcDecoderConfigurationRecord.TryGetParameterSets(data, out _, out _),
            MkvTrackEntry.H265CodecId => data.Length >= HevcRecordHeaderLength && data[0] == 1,
            MkvTrackEntry.AacCodecId => data.Length >= 2,
            _ => data.Length >= WaveFormatLength,
        };
    }
}
