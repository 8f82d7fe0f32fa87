using System.Buffers;

namespace KinesisVideo.Client.Mkv;

/// <summary>How a block packs several frames (Matroska lacing, RFC 9559 section 10.3): the block flags' bits 1-2.</summary>
public enum MkvLacing
{
    /// <summary>One frame per block.</summary>
    None = 0,

    /// <summary>Xiph lacing: each size but the last as a run of 255s plus a byte below 255.</summary>
    Xiph = 1,

    /// <summary>Fixed-size lacing: every frame has the same size.</summary>
    FixedSize = 2,

    /// <summary>EBML lacing: the first size as a vint, the others as signed vint differences.</summary>
    Ebml = 3,
}

/// <summary>
/// Reads the lace header of a laced block's payload (what <see cref="MkvFrame.Payload"/> holds when
/// <see cref="MkvReaderOptions.AcceptLacedBlocks"/> lets laced blocks through).
/// </summary>
public static class MkvLaces
{
    /// <summary>The most frames a lace holds (the count is one byte, minus one).</summary>
    public const int MaxFrames = 256;

    /// <summary>
    /// Reads the frame count and each frame's size. The frames follow the header back to back, in
    /// order, and fill the rest of the payload exactly.
    /// </summary>
    /// <param name="payload">The block's payload, starting at the lace header.</param>
    /// <param name="lacing">The block's lacing.</param>
    /// <param name="sizes">Receives the sizes; at least <see cref="MaxFrames"/> long.</param>
    /// <param name="count">The number of frames.</param>
    /// <param name="headerLength">The lace header's length: where the first frame starts.</param>
    /// <returns>False when the header is malformed or the sizes do not add up to the payload.</returns>
    public static bool TryReadSizes(in ReadOnlySequence<byte> payload, MkvLacing lacing, Span<int> sizes, out int count, out int headerLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizes.Length, MaxFrames);
        count = headerLength = 0;
        var reader = new SequenceReader<byte>(payload);
        if (lacing == MkvLacing.None || !reader.TryRead(out var countMinusOne))
        {
            return false;
        }

        var frames = countMinusOne + 1;
        long known = 0;
        switch (lacing)
        {
            case MkvLacing.Xiph:
                for (var i = 0; i < frames - 1; i++)
                {
                    if (!TryReadXiphSize(ref reader, out sizes[i]))
                    {
                        return false;
                    }

                    known += sizes[i];
                }

                break;

            case MkvLacing.Ebml:
                if (frames > 1)
                {
                    if (!TryReadVint(ref reader, out var first) || first > int.MaxValue)
                    {
                        return false;
                    }

                    sizes[0] = (int)first;
                    known = (long)first;
                    for (var i = 1; i < frames - 1; i++)
                    {
                        // Signed vint: the raw value minus half its range (2^(7n-1) - 1).
                        if (!TryReadVint(ref reader, out var raw, out var length))
                        {
                            return false;
                        }

                        var size = sizes[i - 1] + ((long)raw - ((1L << ((7 * length) - 1)) - 1));
                        if (size is < 0 or > int.MaxValue)
                        {
                            return false;
                        }

                        sizes[i] = (int)size;
                        known += size;
                    }
                }

                break;

            case MkvLacing.FixedSize:
                var each = Math.DivRem(reader.Remaining, frames, out var remainder);
                if (remainder != 0)
                {
                    return false;
                }

                sizes[..frames].Fill((int)each);
                known = each * (frames - 1);
                break;

            default:
                return false;
        }

        var last = reader.Remaining - known;
        if (last < 0 || last > int.MaxValue)
        {
            return false;
        }

        sizes[frames - 1] = (int)last;
        count = frames;
        headerLength = (int)reader.Consumed;
        return true;
    }

    private static bool TryReadXiphSize(ref SequenceReader<byte> reader, out int size)
    {
        size = 0;
        while (reader.TryRead(out var b))
        {
            size += b;
            if (b != 255)
            {
                return true;
            }

            if (size > int.MaxValue - 255)
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryReadVint(ref SequenceReader<byte> reader, out ulong value) => TryReadVint(ref reader, out value, out _);

    private static bool TryReadVint(ref SequenceReader<byte> reader, out ulong value, out int length)
    {
        value = 0;
        length = 0;
        Span<byte> bytes = stackalloc byte[EbmlVarInt.MaxSizeLength];
        if (!reader.TryPeek(out var firstByte))
        {
            return false;
        }

        var n = EbmlVarInt.GetLength(firstByte);
        if (n == 0 || !reader.TryCopyTo(bytes[..n]) || EbmlVarInt.TryReadSize(bytes[..n], out value, out length) != OperationStatus.Done
            || value == EbmlVarInt.UnknownSize)
        {
            return false;
        }

        reader.Advance(n);
        return true;
    }
}
