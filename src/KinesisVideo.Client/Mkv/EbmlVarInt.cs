using System.Buffers;
using System.Numerics;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// EBML variable-size integers: element ids (which keep their length marker) and element sizes
/// (which drop it, and reserve the all-ones value as "unknown size").
/// </summary>
public static class EbmlVarInt
{
    /// <summary>The value a size reads as when all its value bits are ones: the element's size is unknown.</summary>
    public const ulong UnknownSize = ulong.MaxValue;

    /// <summary>The longest size vint EBML allows (EBMLMaxSizeLength 8).</summary>
    public const int MaxSizeLength = 8;

    /// <summary>The longest element id Matroska allows (EBMLMaxIDLength 4).</summary>
    public const int MaxIdLength = 4;

    /// <summary>The largest size that can be written as a known size (2^56 - 2).</summary>
    public const ulong MaxKnownSize = (1UL << 56) - 2;

    /// <summary>
    /// The length in bytes of the vint that starts with <paramref name="firstByte"/>, from its
    /// leading zero bits; 0 when the byte is 0 (a vint longer than 8 bytes, which EBML forbids).
    /// </summary>
    public static int GetLength(byte firstByte) =>
        firstByte == 0 ? 0 : BitOperations.LeadingZeroCount((uint)firstByte) - 23;

    /// <summary>Reads an element size; <see cref="UnknownSize"/> when all value bits are ones.</summary>
    /// <param name="source">The bytes, starting at the size.</param>
    /// <param name="size">The size read.</param>
    /// <param name="length">How many bytes the size took.</param>
    /// <returns>Done, NeedMoreData when <paramref name="source"/> ends inside the vint, or InvalidData when the first byte is 0.</returns>
    public static OperationStatus TryReadSize(ReadOnlySpan<byte> source, out ulong size, out int length)
    {
        size = 0;
        length = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        var n = GetLength(source[0]);
        if (n == 0)
        {
            return OperationStatus.InvalidData;
        }

        if (source.Length < n)
        {
            return OperationStatus.NeedMoreData;
        }

        ulong value = (uint)(source[0] & (0xFF >> n));
        for (var i = 1; i < n; i++)
        {
            value = (value << 8) | source[i];
        }

        // All value bits set is reserved for "unknown"; the mask is 7n ones.
        size = value == (1UL << (7 * n)) - 1 ? UnknownSize : value;
        length = n;
        return OperationStatus.Done;
    }

    /// <summary>Reads an element id, marker bits included (so EBML is 0x1A45DFA3).</summary>
    /// <param name="source">The bytes, starting at the id.</param>
    /// <param name="id">The id read.</param>
    /// <param name="length">How many bytes the id took.</param>
    /// <returns>Done, NeedMoreData, or InvalidData for a first byte of 0 or an id longer than 4 bytes.</returns>
    public static OperationStatus TryReadId(ReadOnlySpan<byte> source, out uint id, out int length)
    {
        id = 0;
        length = 0;
        if (source.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        var n = GetLength(source[0]);
        if (n is 0 or > MaxIdLength)
        {
            return OperationStatus.InvalidData;
        }

        if (source.Length < n)
        {
            return OperationStatus.NeedMoreData;
        }

        uint value = source[0];
        for (var i = 1; i < n; i++)
        {
            value = (value << 8) | source[i];
        }

        id = value;
        length = n;
        return OperationStatus.Done;
    }

    /// <summary>The number of bytes <paramref name="id"/> takes on the wire.</summary>
    public static int GetIdLength(uint id) => id switch
    {
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFFFFFF => 3,
        _ => 4,
    };

    /// <summary>The shortest size vint that holds <paramref name="size"/> as a known size.</summary>
    public static int GetSizeLength(ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxKnownSize);
        var n = 1;
        // The all-ones pattern of each length means "unknown", hence the strict comparison.
        while (size >= (1UL << (7 * n)) - 1)
        {
            n++;
        }

        return n;
    }

    /// <summary>Writes <paramref name="id"/> big-endian; returns the bytes written.</summary>
    public static int WriteId(Span<byte> destination, uint id)
    {
        var n = GetIdLength(id);
        for (var i = n - 1; i >= 0; i--)
        {
            destination[i] = (byte)id;
            id >>= 8;
        }

        return n;
    }

    /// <summary>
    /// Writes <paramref name="size"/> as a vint of <paramref name="length"/> bytes (0 for the
    /// shortest), or the unknown-size marker when it is <see cref="UnknownSize"/>; returns the bytes written.
    /// </summary>
    public static int WriteSize(Span<byte> destination, ulong size, int length = 0)
    {
        if (size == UnknownSize)
        {
            var unknownLength = length == 0 ? 1 : length;
            destination[0] = (byte)(0xFF >> (unknownLength - 1));
            destination.Slice(1, unknownLength - 1).Fill(0xFF);
            return unknownLength;
        }

        var minimum = GetSizeLength(size);
        if (length == 0)
        {
            length = minimum;
        }
        else if (length < minimum || length > MaxSizeLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A size of {size} needs between {minimum} and {MaxSizeLength} bytes.");
        }

        var value = size | (1UL << (7 * length));
        for (var i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }

        return length;
    }
}
