using System.Buffers.Binary;

namespace KinesisVideo.Client.Mkv;

/// <summary>Decodes EBML element bodies: unsigned, signed, float and date values.</summary>
public static class EbmlValue
{
    private static readonly DateTimeOffset s_matroskaEpoch = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads a big-endian unsigned integer of 0 to 8 bytes; false when longer.</summary>
    public static bool TryReadUnsigned(ReadOnlySpan<byte> body, out ulong value)
    {
        value = 0;
        if (body.Length > 8)
        {
            return false;
        }

        foreach (var b in body)
        {
            value = (value << 8) | b;
        }

        return true;
    }

    /// <summary>Reads a big-endian two's-complement integer of 0 to 8 bytes; false when longer.</summary>
    public static bool TryReadSigned(ReadOnlySpan<byte> body, out long value)
    {
        value = 0;
        if (body.Length > 8)
        {
            return false;
        }

        if (body.IsEmpty)
        {
            return true;
        }

        // Start from the sign so the shifts below extend it.
        long result = (sbyte)body[0];
        for (var i = 1; i < body.Length; i++)
        {
            result = (result << 8) | body[i];
        }

        value = result;
        return true;
    }

    /// <summary>Reads a 0-, 4- or 8-byte IEEE 754 float; false for any other length.</summary>
    public static bool TryReadFloat(ReadOnlySpan<byte> body, out double value)
    {
        switch (body.Length)
        {
            case 0:
                value = 0;
                return true;
            case 4:
                value = BinaryPrimitives.ReadSingleBigEndian(body);
                return true;
            case 8:
                value = BinaryPrimitives.ReadDoubleBigEndian(body);
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Reads an 8-byte date (nanoseconds since 2001-01-01 UTC); false for any other length.</summary>
    public static bool TryReadDate(ReadOnlySpan<byte> body, out DateTimeOffset value)
    {
        if (body.Length != 8)
        {
            value = default;
            return body.IsEmpty;
        }

        value = s_matroskaEpoch.AddTicks(BinaryPrimitives.ReadInt64BigEndian(body) / 100);
        return true;
    }
}
