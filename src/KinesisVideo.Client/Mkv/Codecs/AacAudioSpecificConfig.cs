namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>The AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), the CodecPrivate of an <c>A_AAC</c> track.</summary>
public static class AacAudioSpecificConfig
{
    /// <summary>AAC LC, the usual object type.</summary>
    public const int AacLowComplexity = 2;

    private static readonly int[] s_sampleRates =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>
    /// Builds the config: 5 bits object type (escaped above 30), 4 bits sampling-frequency index
    /// (or 0xF and 24 bits of rate when the rate is not in the table), 4 bits channel
    /// configuration, then the GASpecificConfig's three zero bits.
    /// </summary>
    public static byte[] Create(int objectType, int sampleRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objectType, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(objectType, 31 + 63);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 0xFFFFFF);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 15);

        var bits = new BitList();
        if (objectType > 30)
        {
            bits.Add(31, 5);
            bits.Add(objectType - 32, 6);
        }
        else
        {
            bits.Add(objectType, 5);
        }

        var index = Array.IndexOf(s_sampleRates, sampleRate);
        if (index >= 0)
        {
            bits.Add(index, 4);
        }
        else
        {
            bits.Add(0xF, 4);
            bits.Add(sampleRate, 24);
        }

        bits.Add(channels, 4);
        bits.Add(0, 3);
        return bits.ToArray();
    }

    /// <summary>
    /// Reads the object type, sampling rate and channel configuration from the start of a config;
    /// false when it is too short or its frequency index is reserved.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> config, out int objectType, out int sampleRate, out int channels)
    {
        objectType = sampleRate = channels = 0;
        var bits = new BitReader(config);
        if (!bits.TryRead(5, out objectType) || (objectType == 31 && !TryEscape(ref bits, ref objectType)))
        {
            return false;
        }

        if (!bits.TryRead(4, out var index))
        {
            return false;
        }

        if (index == 0xF)
        {
            if (!bits.TryRead(24, out sampleRate))
            {
                return false;
            }
        }
        else
        {
            sampleRate = GetSampleRate(index);
        }

        return bits.TryRead(4, out channels) && sampleRate > 0;

        static bool TryEscape(ref BitReader bits, ref int objectType)
        {
            if (!bits.TryRead(6, out var extension))
            {
                return false;
            }

            objectType = 32 + extension;
            return true;
        }
    }

    /// <summary>The sampling frequency of table index <paramref name="index"/>, or 0 when out of range.</summary>
    public static int GetSampleRate(int index) => (uint)index < (uint)s_sampleRates.Length ? s_sampleRates[index] : 0;

    // Reads MSB-first bit fields from a short config.
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool TryRead(int width, out int value)
        {
            value = 0;
            if (_position + width > _data.Length * 8)
            {
                return false;
            }

            for (var i = 0; i < width; i++, _position++)
            {
                value = (value << 1) | ((_data[_position >> 3] >> (7 - (_position & 7))) & 1);
            }

            return true;
        }
    }

    // Packs MSB-first bit fields; at most 42 bits are ever needed.
    private struct BitList
    {
        private ulong _value;
        private int _count;

        public void Add(int value, int width)
        {
            _value = (_value << width) | ((ulong)value & ((1UL << width) - 1));
            _count += width;
        }

        public readonly byte[] ToArray()
        {
            var length = (_count + 7) / 8;
            var padded = _value << ((length * 8) - _count);
            var result = new byte[length];
            for (var i = length - 1; i >= 0; i--)
            {
                result[i] = (byte)padded;
                padded >>= 8;
            }

            return result;
        }
    }
}
