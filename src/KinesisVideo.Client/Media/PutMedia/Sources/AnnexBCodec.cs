namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>The video codecs an Annex-B elementary stream carries.</summary>
public enum AnnexBCodec
{
    /// <summary>H.264 / AVC (ITU-T H.264 Annex B).</summary>
    H264 = 1,

    /// <summary>H.265 / HEVC (ITU-T H.265 Annex B).</summary>
    H265 = 2,
}
