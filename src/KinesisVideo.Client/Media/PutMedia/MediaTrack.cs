using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// A track of a PutMedia session, described once when the session starts: its codec, the codec's
/// initialization data (CodecPrivate) and, for video, its picture size, for audio its sampling rate
/// and channels. The factories build the CodecPrivate from parameter sets when it is not given;
/// <c>with</c> sets what they do not (<c>MediaTrack.Custom(...) with { Width = 640, Height = 480 }</c>,
/// <c>MediaTrack.H264(avcC) with { Name = "front door" }</c>).
/// </summary>
public sealed record MediaTrack
{
    private MediaTrack(MkvTrackType kind, string codecId, ReadOnlyMemory<byte> codecPrivate)
    {
        Kind = kind;
        CodecId = codecId;
        CodecPrivate = codecPrivate;
    }

    /// <summary>Video or audio.</summary>
    public MkvTrackType Kind { get; }

    /// <summary>The Matroska codec id, for example <c>V_MPEG4/ISO/AVC</c>.</summary>
    public string CodecId { get; }

    /// <summary>The codec's initialization data: avcC, hvcC or the AAC AudioSpecificConfig.</summary>
    public ReadOnlyMemory<byte> CodecPrivate { get; }

    /// <summary>The picture width in pixels; 0 when unknown or not video.</summary>
    public int Width { get; init; }

    /// <summary>The picture height in pixels; 0 when unknown or not video.</summary>
    public int Height { get; init; }

    /// <summary>The audio sampling rate in Hz; 0 when unknown or not audio.</summary>
    public double SampleRate { get; init; }

    /// <summary>The audio channel count; 0 when unknown or not audio.</summary>
    public int Channels { get; init; }

    /// <summary>An optional track name written into the stream's header.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// An H.264 track from its AVCDecoderConfigurationRecord (avcC, as in MP4 and Matroska). The
    /// picture size is read from the SPS inside it.
    /// </summary>
    /// <exception cref="ArgumentException">The record is not an avcC with an SPS and a PPS.</exception>
    public static MediaTrack H264(ReadOnlyMemory<byte> avcDecoderConfigurationRecord)
    {
        if (!AvcDecoderConfigurationRecord.TryGetParameterSets(avcDecoderConfigurationRecord.Span, out var sps, out _))
        {
            throw new ArgumentException("Not an AVCDecoderConfigurationRecord with an SPS and a PPS.", nameof(avcDecoderConfigurationRecord));
        }

        // An SPS this reader cannot parse still makes a valid track; only its size stays unknown.
        var (width, height) = H264SequenceParameterSet.TryParse(sps, out var parsed) ? (parsed.Width, parsed.Height) : (0, 0);
        return new MediaTrack(MkvTrackType.Video, MkvTrackEntry.H264CodecId, avcDecoderConfigurationRecord)
        {
            Width = width,
            Height = height,
        };
    }

    /// <summary>An H.264 track from its SPS and PPS NAL units (headers included, no start codes).</summary>
    /// <exception cref="ArgumentException">The SPS does not parse or the PPS is empty.</exception>
    public static MediaTrack H264(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (pps.IsEmpty || !H264SequenceParameterSet.TryParse(sps, out _))
        {
            throw new ArgumentException("H.264 needs a sequence parameter set that parses and a picture parameter set.", nameof(sps));
        }

        return H264(AvcDecoderConfigurationRecord.Create(sps, pps));
    }

    /// <summary>An H.265 track from its HEVCDecoderConfigurationRecord (hvcC); the picture size is read from its SPS.</summary>
    /// <exception cref="ArgumentException">The record is too short to be an hvcC.</exception>
    public static MediaTrack H265(ReadOnlyMemory<byte> hevcDecoderConfigurationRecord)
    {
        if (hevcDecoderConfigurationRecord.Length < 23 || hevcDecoderConfigurationRecord.Span[0] != 1)
        {
            throw new ArgumentException("Not an HEVCDecoderConfigurationRecord.", nameof(hevcDecoderConfigurationRecord));
        }

        var (width, height) = HevcDecoderConfigurationRecord.TryGetPictureSize(hevcDecoderConfigurationRecord.Span, out var w, out var h) ? (w, h) : (0, 0);
        return new MediaTrack(MkvTrackType.Video, MkvTrackEntry.H265CodecId, hevcDecoderConfigurationRecord)
        {
            Width = width,
            Height = height,
        };
    }

    /// <summary>An H.265 track from its VPS, SPS and PPS NAL units (headers included, no start codes).</summary>
    /// <exception cref="ArgumentException">The SPS does not parse or a parameter set is missing.</exception>
    public static MediaTrack H265(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (!HevcDecoderConfigurationRecord.TryCreate(vps, sps, pps, out var record))
        {
            throw new ArgumentException("H.265 needs a video, a sequence (that parses) and a picture parameter set.", nameof(sps));
        }

        return H265(record);
    }

    /// <summary>An AAC track from its AudioSpecificConfig; rate and channels are read from it.</summary>
    /// <exception cref="ArgumentException">The config is shorter than 2 bytes or names no sampling rate.</exception>
    public static MediaTrack Aac(ReadOnlyMemory<byte> audioSpecificConfig)
    {
        if (!AacAudioSpecificConfig.TryParse(audioSpecificConfig.Span, out _, out var sampleRate, out var channels))
        {
            throw new ArgumentException("Not an AAC AudioSpecificConfig.", nameof(audioSpecificConfig));
        }

        return new MediaTrack(MkvTrackType.Audio, MkvTrackEntry.AacCodecId, audioSpecificConfig)
        {
            SampleRate = sampleRate,
            Channels = channels,
        };
    }

    /// <summary>An AAC track for the given rate and channels (AAC LC unless <paramref name="objectType"/> says otherwise).</summary>
    public static MediaTrack Aac(int sampleRate, int channels, int objectType = AacAudioSpecificConfig.AacLowComplexity) =>
        Aac(AacAudioSpecificConfig.Create(objectType, sampleRate, channels));

    /// <summary>
    /// A track of any other codec, for example one read from an existing Matroska file. Kinesis Video
    /// Streams stores any codec; its playback APIs (HLS, DASH, clips, images) need H.264, H.265 or AAC.
    /// </summary>
    public static MediaTrack Custom(MkvTrackType kind, string codecId, ReadOnlyMemory<byte> codecPrivate = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(codecId);
        return new MediaTrack(kind, codecId, codecPrivate);
    }

    /// <summary>The Matroska TrackEntry this track is declared as, numbered <paramref name="trackNumber"/>.</summary>
    internal MkvTrackEntry ToTrackEntry(ulong trackNumber) => new()
    {
        TrackNumber = trackNumber,
        TrackUid = trackNumber,
        TrackType = Kind,
        CodecId = CodecId,
        CodecPrivate = CodecPrivate,
        Name = Name,
        PixelWidth = Width,
        PixelHeight = Height,
        SamplingFrequency = SampleRate,
        Channels = Channels,
    };
}
