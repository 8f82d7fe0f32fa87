using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Writes EBML elements to an <see cref="IBufferWriter{T}"/>. Integer values take their
/// shortest encoding unless a fixed length is asked for; none of these methods allocate.
/// </summary>
public static class EbmlWriter
{
    private static readonly DateTimeOffset s_matroskaEpoch = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes an element id followed by a size of <paramref name="sizeLength"/> bytes (0 for the shortest).</summary>
    public static void WriteElementHeader(this IBufferWriter<byte> output, uint id, ulong size, int sizeLength = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(EbmlVarInt.MaxIdLength + EbmlVarInt.MaxSizeLength);
        var n = EbmlVarInt.WriteId(span, id);
        n += EbmlVarInt.WriteSize(span[n..], size, sizeLength);
        output.Advance(n);
    }

    /// <summary>Writes a master element header whose size is unknown (the one-byte 0xFF marker).</summary>
    public static void WriteUnknownSizeHeader(this IBufferWriter<byte> output, uint id) =>
        output.WriteElementHeader(id, EbmlVarInt.UnknownSize);

    /// <summary>Writes an unsigned-integer element in <paramref name="length"/> bytes (0 for the shortest).</summary>
    public static void WriteUnsigned(this IBufferWriter<byte> output, uint id, ulong value, int length = 0)
    {
        if (length == 0)
        {
            length = GetUnsignedLength(value);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 8);
        output.WriteElementHeader(id, (ulong)length);
        WriteBigEndian(output, value, length);
    }

    /// <summary>Writes a signed-integer element (two's complement, shortest length).</summary>
    public static void WriteSigned(this IBufferWriter<byte> output, uint id, long value)
    {
        var length = 1;
        while (length < 8 && (value < -(1L << ((8 * length) - 1)) || value >= 1L << ((8 * length) - 1)))
        {
            length++;
        }

        output.WriteElementHeader(id, (ulong)length);
        WriteBigEndian(output, (ulong)value, length);
    }

    /// <summary>Writes an 8-byte IEEE 754 float element.</summary>
    public static void WriteFloat(this IBufferWriter<byte> output, uint id, double value)
    {
        output.WriteElementHeader(id, 8);
        BinaryPrimitives.WriteDoubleBigEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    /// <summary>Writes a UTF-8 string element (also right for ASCII-only strings).</summary>
    public static void WriteString(this IBufferWriter<byte> output, uint id, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        output.WriteElementHeader(id, (ulong)length);
        var written = Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(written);
    }

    /// <summary>Writes a binary element.</summary>
    public static void WriteBinary(this IBufferWriter<byte> output, uint id, ReadOnlySpan<byte> value)
    {
        output.WriteElementHeader(id, (ulong)value.Length);
        output.Write(value);
    }

    /// <summary>Writes a date element: signed nanoseconds since 2001-01-01T00:00:00 UTC, 8 bytes.</summary>
    public static void WriteDate(this IBufferWriter<byte> output, uint id, DateTimeOffset value)
    {
        output.WriteElementHeader(id, 8);
        var nanoseconds = (value - s_matroskaEpoch).Ticks * 100;
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), nanoseconds);
        output.Advance(8);
    }

    /// <summary>The number of bytes an unsigned element body needs for <paramref name="value"/> (at least 1).</summary>
    public static int GetUnsignedLength(ulong value)
    {
        var length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }

        return length;
    }

    // The low `length` bytes of `value`, most significant first: the body of an integer element.
    private static void WriteBigEndian(IBufferWriter<byte> output, ulong value, int length)
    {
        var span = output.GetSpan(8);
        for (var i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)value;
            value >>= 8;
        }

        output.Advance(length);
    }
}
