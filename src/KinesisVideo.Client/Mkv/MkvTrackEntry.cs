namespace KinesisVideo.Client.Mkv;

/// <summary>
/// One Matroska TrackEntry: what the KVS writer declares in Tracks, and what the reader reports.
/// </summary>
public sealed class MkvTrackEntry
{
    /// <summary>H.264 in Matroska (the KVS API reference's <c>V_MPEG/ISO/AVC</c> is a documentation error).</summary>
    public const string H264CodecId = "V_MPEG4/ISO/AVC";

    /// <summary>H.265 in Matroska.</summary>
    public const string H265CodecId = "V_MPEGH/ISO/HEVC";

    /// <summary>AAC in Matroska.</summary>
    public const string AacCodecId = "A_AAC";

    /// <summary>The track number blocks refer to (1-based).</summary>
    public required ulong TrackNumber { get; init; }

    /// <summary>The track's unique id; the writer uses the track number when this is 0.</summary>
    public ulong TrackUid { get; init; }

    /// <summary>Video, audio, ...</summary>
    public required MkvTrackType TrackType { get; init; }

    /// <summary>The codec id, e.g. <see cref="H264CodecId"/>.</summary>
    public required string CodecId { get; init; }

    /// <summary>Codec initialization data (AVCDecoderConfigurationRecord, AudioSpecificConfig); empty when none.</summary>
    public ReadOnlyMemory<byte> CodecPrivate { get; init; }

    /// <summary>An optional human-readable track name.</summary>
    public string? Name { get; init; }

    /// <summary>Video width in pixels; 0 when not given.</summary>
    public int PixelWidth { get; init; }

    /// <summary>Video height in pixels; 0 when not given.</summary>
    public int PixelHeight { get; init; }

    /// <summary>Audio sampling frequency in Hz; 0 when not given.</summary>
    public double SamplingFrequency { get; init; }

    /// <summary>Audio channel count; 0 when not given.</summary>
    public int Channels { get; init; }

    /// <summary>Audio bits per sample; 0 when not given.</summary>
    public int BitDepth { get; init; }

    /// <summary>The nominal duration of a frame, in nanoseconds; 0 when not given.</summary>
    public ulong DefaultDuration { get; init; }
}
