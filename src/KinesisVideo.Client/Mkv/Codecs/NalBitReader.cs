using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>
/// Reads bits and exp-Golomb codes from a NAL unit's payload, dropping emulation-prevention
/// bytes (the 03 in 00 00 03) as it goes. Reading past the end throws <see cref="FormatException"/>.
/// </summary>
internal ref struct NalBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _byte;
    private int _bit;
    private int _zeros;
    private int _current;

    public NalBitReader(ReadOnlySpan<byte> rbspWithEmulation)
    {
        _data = rbspWithEmulation;
        _byte = -1;
        _bit = 8;
        _zeros = 0;
        _current = 0;
    }

    public bool ReadBit()
    {
        if (_bit == 8)
        {
            LoadNextByte();
        }

        var value = (_current >> (7 - _bit)) & 1;
        _bit++;
        return value != 0;
    }

    public uint ReadBits(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | (ReadBit() ? 1u : 0u);
        }

        return value;
    }

    public uint ReadUnsignedExpGolomb()
    {
        var leadingZeros = 0;
        while (!ReadBit())
        {
            if (++leadingZeros > 31)
            {
                throw new FormatException("An exp-Golomb code is longer than 32 bits.");
            }
        }

        return (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    public int ReadSignedExpGolomb()
    {
        var code = ReadUnsignedExpGolomb();
        // 1, 2, 3, 4 map to 1, -1, 2, -2.
        return (code & 1) != 0 ? (int)((code + 1) / 2) : -(int)(code / 2);
    }

    private void LoadNextByte()
    {
        _byte++;
        if (_byte < _data.Length && _zeros >= 2 && _data[_byte] == 3)
        {
            _byte++;
            _zeros = 0;
        }

        if (_byte >= _data.Length)
        {
            ThrowEnd();
        }

        _current = _data[_byte];
        _zeros = _current == 0 ? _zeros + 1 : 0;
        _bit = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEnd() => throw new FormatException("The NAL unit ended before the field was read.");
}
