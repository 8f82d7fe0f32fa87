using System.Buffers.Binary;

namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>
/// H.264/H.265 NAL unit framing: Annex-B (start codes) and AVCC (4-byte big-endian lengths, what
/// Matroska blocks and the KVS service carry).
/// </summary>
public static class AnnexBNalUnits
{
    /// <summary>
    /// Enumerates the NAL units of an Annex-B buffer (without start codes or trailing zero bytes).
    /// Bytes before the first start code are ignored.
    /// </summary>
    public static AnnexBNalEnumerator Enumerate(ReadOnlySpan<byte> annexB) => new(annexB);

    /// <summary>The number of bytes <see cref="ConvertToAvcc(ReadOnlySpan{byte}, Span{byte})"/> writes for <paramref name="annexB"/>.</summary>
    public static int GetAvccLength(ReadOnlySpan<byte> annexB)
    {
        var length = 0;
        foreach (var nal in Enumerate(annexB))
        {
            length += 4 + nal.Length;
        }

        return length;
    }

    /// <summary>Rewrites Annex-B NAL units as 4-byte-length-prefixed (AVCC) units; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetAvccLength"/>.</exception>
    public static int ConvertToAvcc(ReadOnlySpan<byte> annexB, Span<byte> destination)
    {
        var written = 0;
        foreach (var nal in Enumerate(annexB))
        {
            if (destination.Length - written < 4 + nal.Length)
            {
                throw new ArgumentException("The destination is too short for the AVCC frame.", nameof(destination));
            }

            BinaryPrimitives.WriteInt32BigEndian(destination[written..], nal.Length);
            nal.CopyTo(destination[(written + 4)..]);
            written += 4 + nal.Length;
        }

        return written;
    }

    /// <summary>Converts an Annex-B access unit to a new AVCC array.</summary>
    public static byte[] ConvertToAvcc(ReadOnlySpan<byte> annexB)
    {
        var result = new byte[GetAvccLength(annexB)];
        ConvertToAvcc(annexB, result);
        return result;
    }

    /// <summary>
    /// Rewrites AVCC units (4-byte lengths) as Annex-B units with 4-byte start codes; the output has
    /// the same length as the input. Returns false when a length runs past the end.
    /// </summary>
    public static bool TryConvertToAnnexB(ReadOnlySpan<byte> avcc, Span<byte> destination)
    {
        if (destination.Length < avcc.Length)
        {
            return false;
        }

        var position = 0;
        while (position < avcc.Length)
        {
            if (avcc.Length - position < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(avcc[position..]);
            if (length > (uint)(avcc.Length - position - 4))
            {
                return false;
            }

            destination[position] = 0;
            destination[position + 1] = 0;
            destination[position + 2] = 0;
            destination[position + 3] = 1;
            avcc.Slice(position + 4, (int)length).CopyTo(destination[(position + 4)..]);
            position += 4 + (int)length;
        }

        return true;
    }

    /// <summary>The H.264 nal_unit_type (low 5 bits of the first byte); -1 for an empty unit.</summary>
    public static int GetH264NalType(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : nal[0] & 0x1F;

    /// <summary>True when the Annex-B access unit holds an H.264 IDR slice (nal_unit_type 5).</summary>
    public static bool ContainsH264Idr(ReadOnlySpan<byte> annexB)
    {
        foreach (var nal in Enumerate(annexB))
        {
            if (GetH264NalType(nal) == 5)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The H.265 nal_unit_type (bits 1-6 of the first byte); -1 for a unit shorter than its 2-byte header.</summary>
    public static int GetH265NalType(ReadOnlySpan<byte> nal) => nal.Length < 2 ? -1 : (nal[0] >> 1) & 0x3F;

    /// <summary>True when the Annex-B access unit holds an H.265 random-access (IRAP, types 16-23) slice.</summary>
    public static bool ContainsH265RandomAccessPoint(ReadOnlySpan<byte> annexB)
    {
        foreach (var nal in Enumerate(annexB))
        {
            if (GetH265NalType(nal) is >= 16 and <= 23)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the next 00 00 01 at or after <paramref name="start"/>, or -1.</summary>
    internal static int IndexOfStartCode(ReadOnlySpan<byte> data, int start)
    {
        while (start <= data.Length - 3)
        {
            var i = data[start..].IndexOf((byte)1);
            if (i < 0)
            {
                return -1;
            }

            var one = start + i;
            if (one - 2 >= start && data[one - 1] == 0 && data[one - 2] == 0)
            {
                return one - 2;
            }

            start = one + 1;
        }

        return -1;
    }
}

/// <summary>Enumerates the NAL units of an Annex-B buffer; see <see cref="AnnexBNalUnits.Enumerate"/>.</summary>
public ref struct AnnexBNalEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;

    internal AnnexBNalEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        var first = AnnexBNalUnits.IndexOfStartCode(data, 0);
        _next = first < 0 ? data.Length : first + 3;
        Current = default;
    }

    /// <summary>The current NAL unit.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Returns this enumerator (for foreach).</summary>
    public readonly AnnexBNalEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next non-empty NAL unit.</summary>
    public bool MoveNext()
    {
        while (_next < _data.Length)
        {
            var start = _next;
            var code = AnnexBNalUnits.IndexOfStartCode(_data, start);
            var end = code < 0 ? _data.Length : code;
            _next = code < 0 ? _data.Length : code + 3;

            // Zeros before a start code are trailing_zero_8bits or the first byte of a 4-byte start code.
            while (end > start && _data[end - 1] == 0)
            {
                end--;
            }

            if (end > start)
            {
                Current = _data[start..end];
                return true;
            }
        }

        return false;
    }
}
