namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// A raw AAC frame with the 7-byte ADTS header MPEG-TS needs (ISO/IEC 13818-7 6.2, 14496-3
/// 1.A.3): profile (object type - 1), sampling-frequency index and channels from the
/// AudioSpecificConfig, the frame's length, no CRC.
/// </summary>
internal static class AdtsFrame
{
    private const int HeaderLength = 7;

    public static byte[] From(AacConfig config, ReadOnlySpan<byte> raw)
    {
        var length = HeaderLength + raw.Length;
        var frame = new byte[length];
        var profile = Math.Clamp(config.ObjectType - 1, 0, 3);
        var index = config.SampleRateIndex is >= 0 and < 13 ? config.SampleRateIndex : 4;
        frame[0] = 0xFF;
        frame[1] = 0xF1; // MPEG-4, layer 0, no CRC
        frame[2] = (byte)((profile << 6) | (index << 2) | ((config.Channels >> 2) & 1));
        frame[3] = (byte)(((config.Channels & 3) << 6) | ((length >> 11) & 3));
        frame[4] = (byte)(length >> 3);
        frame[5] = (byte)(((length & 7) << 5) | 0x1F); // buffer fullness 0x7FF (variable rate)
        frame[6] = 0xFC; // ... and one raw data block
        raw.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }
}
