namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>The parameter-set NAL units of an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3), in record order.</summary>
internal static class HevcParameterSets
{
    public const int Vps = 32;
    public const int Sps = 33;
    public const int Pps = 34;

    // The fixed part of the record, before numOfArrays.
    private const int HeaderLength = 22;

    /// <summary>(nal_unit_type, NAL unit) for each unit of each array; stops at the first malformed length.</summary>
    public static IEnumerable<(int Type, ReadOnlyMemory<byte> Nal)> Of(ReadOnlyMemory<byte> record)
    {
        if (record.Length <= HeaderLength)
        {
            yield break;
        }

        var position = HeaderLength + 1;
        var arrays = record.Span[HeaderLength];
        for (var a = 0; a < arrays && position + 3 <= record.Length; a++)
        {
            var type = record.Span[position] & 0x3F;
            var count = (record.Span[position + 1] << 8) | record.Span[position + 2];
            position += 3;
            for (var n = 0; n < count; n++)
            {
                if (position + 2 > record.Length)
                {
                    yield break;
                }

                var length = (record.Span[position] << 8) | record.Span[position + 1];
                position += 2;
                if (position + length > record.Length)
                {
                    yield break;
                }

                yield return (type, record.Slice(position, length));
                position += length;
            }
        }
    }
}
