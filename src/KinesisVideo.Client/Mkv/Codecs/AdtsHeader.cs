namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>An AAC ADTS frame header: what an encoder's .aac output puts before each raw AAC frame.</summary>
public readonly record struct AdtsHeader
{
    /// <summary>The AAC object type (ADTS profile + 1).</summary>
    public int ObjectType { get; init; }

    /// <summary>The sampling rate in Hz.</summary>
    public int SampleRate { get; init; }

    /// <summary>The channel configuration.</summary>
    public int Channels { get; init; }

    /// <summary>The header length: 7, or 9 with a CRC.</summary>
    public int HeaderLength { get; init; }

    /// <summary>The whole frame's length, header included.</summary>
    public int FrameLength { get; init; }

    /// <summary>Parses the header at the start of <paramref name="data"/>; false when it is not a valid ADTS header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        if (data.Length < 7 || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            return false;
        }

        var headerLength = (data[1] & 1) != 0 ? 7 : 9;
        var rate = AacAudioSpecificConfig.GetSampleRate((data[2] >> 2) & 0xF);
        var frameLength = ((data[3] & 0x3) << 11) | (data[4] << 3) | (data[5] >> 5);
        if (rate == 0 || frameLength < headerLength)
        {
            return false;
        }

        header = new AdtsHeader
        {
            ObjectType = (data[2] >> 6) + 1,
            SampleRate = rate,
            Channels = ((data[2] & 1) << 2) | (data[3] >> 6),
            HeaderLength = headerLength,
            FrameLength = frameLength,
        };
        return true;
    }
}
