namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>
/// What the packagers need of an AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1): object type,
/// sampling rate, channel configuration and frame length. The SDK's helper only builds configs; this
/// is its reading half, kept here because only the emulator's packagers read them.
/// </summary>
internal readonly record struct AacConfig(int ObjectType, int SampleRateIndex, int SampleRate, int Channels, int SamplesPerFrame)
{
    private static readonly int[] s_sampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Reads <paramref name="config"/>; false when it is too short or names no sampling rate.</summary>
    public static bool TryParse(ReadOnlySpan<byte> config, out AacConfig parsed)
    {
        parsed = default;
        var bits = new Bits(config);
        if (!bits.TryRead(5, out var objectType))
        {
            return false;
        }

        if (objectType == 31)
        {
            if (!bits.TryRead(6, out var extended))
            {
                return false;
            }

            objectType = 32 + extended;
        }

        if (!bits.TryRead(4, out var index))
        {
            return false;
        }

        int rate;
        if (index == 0xF)
        {
            if (!bits.TryRead(24, out rate))
            {
                return false;
            }
        }
        else
        {
            rate = index < s_sampleRates.Length ? s_sampleRates[index] : 0;
        }

        if (rate == 0 || !bits.TryRead(4, out var channels))
        {
            return false;
        }

        // GASpecificConfig's frameLengthFlag: 960-sample frames instead of 1024; absent means 1024.
        var samplesPerFrame = bits.TryRead(1, out var shortFrames) && shortFrames == 1 ? 960 : 1024;
        parsed = new AacConfig(objectType, index, rate, channels, samplesPerFrame);
        return true;
    }

    private ref struct Bits(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool TryRead(int count, out int value)
        {
            value = 0;
            if (_position + count > _data.Length * 8)
            {
                return false;
            }

            for (var i = 0; i < count; i++, _position++)
            {
                value = (value << 1) | ((_data[_position / 8] >> (7 - (_position % 8))) & 1);
            }

            return true;
        }
    }
}
