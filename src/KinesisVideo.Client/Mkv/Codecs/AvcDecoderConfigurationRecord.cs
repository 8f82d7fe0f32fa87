using System.Buffers.Binary;

namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>
/// The AVCDecoderConfigurationRecord (ISO/IEC 14496-15), the CodecPrivate of a
/// <c>V_MPEG4/ISO/AVC</c> track: profile, level, 4-byte NAL lengths, SPS and PPS.
/// </summary>
public static class AvcDecoderConfigurationRecord
{
    /// <summary>Builds a record from one SPS and one PPS NAL unit (NAL header included).</summary>
    /// <exception cref="ArgumentException">The SPS is too short or a unit is longer than 65535 bytes.</exception>
    public static byte[] Create(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (sps.Length < 4 || sps.Length > ushort.MaxValue || pps.IsEmpty || pps.Length > ushort.MaxValue)
        {
            throw new ArgumentException("An SPS of 4 to 65535 bytes and a PPS of 1 to 65535 bytes are needed.");
        }

        // High profiles append chroma format and bit depths (14496-15 5.3.3.1.2), when the SPS parses.
        H264SequenceParameterSet parsed = default;
        var hasExtension = H264SequenceParameterSet.IsHighProfile(sps[1])
            && H264SequenceParameterSet.TryParse(sps, out parsed);
        var record = new byte[6 + 2 + sps.Length + 1 + 2 + pps.Length + (hasExtension ? 4 : 0)];
        record[0] = 1;
        record[1] = sps[1];
        record[2] = sps[2];
        record[3] = sps[3];
        record[4] = 0xFF; // 6 reserved bits, lengthSizeMinusOne = 3
        record[5] = 0xE1; // 3 reserved bits, one SPS
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(6), (ushort)sps.Length);
        sps.CopyTo(record.AsSpan(8));
        var p = 8 + sps.Length;
        record[p++] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(p), (ushort)pps.Length);
        pps.CopyTo(record.AsSpan(p + 2));
        p += 2 + pps.Length;
        if (hasExtension)
        {
            record[p++] = (byte)(0xFC | parsed.ChromaFormatIdc);
            record[p++] = (byte)(0xF8 | (parsed.BitDepthLuma - 8));
            record[p++] = (byte)(0xF8 | (parsed.BitDepthChroma - 8));
            record[p] = 0; // no SPS extensions
        }

        return record;
    }

    /// <summary>
    /// Builds a record from the first SPS and PPS of an Annex-B buffer (typically the first key
    /// frame, as the AWS producers do); false when either is missing.
    /// </summary>
    public static bool TryCreateFromAnnexB(ReadOnlySpan<byte> annexB, out byte[] record)
    {
        ReadOnlySpan<byte> sps = default;
        ReadOnlySpan<byte> pps = default;
        foreach (var nal in AnnexBNalUnits.Enumerate(annexB))
        {
            var type = AnnexBNalUnits.GetH264NalType(nal);
            if (type == 7 && sps.IsEmpty)
            {
                sps = nal;
            }
            else if (type == 8 && pps.IsEmpty)
            {
                pps = nal;
            }
        }

        if (sps.Length < 4 || pps.IsEmpty)
        {
            record = [];
            return false;
        }

        record = Create(sps, pps);
        return true;
    }

    /// <summary>Finds the first SPS and PPS in a record; false when the record is malformed.</summary>
    public static bool TryGetParameterSets(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> sps, out ReadOnlySpan<byte> pps)
    {
        sps = default;
        pps = default;
        if (record.Length < 7 || record[0] != 1)
        {
            return false;
        }

        var position = 6;
        var spsCount = record[5] & 0x1F;
        for (var i = 0; i < spsCount; i++)
        {
            if (!TryReadUnit(record, ref position, out var start, out var length))
            {
                return false;
            }

            if (i == 0)
            {
                sps = record.Slice(start, length);
            }
        }

        if (position >= record.Length)
        {
            return false;
        }

        var ppsCount = record[position++];
        for (var i = 0; i < ppsCount; i++)
        {
            if (!TryReadUnit(record, ref position, out var start, out var length))
            {
                return false;
            }

            if (i == 0)
            {
                pps = record.Slice(start, length);
            }
        }

        return !sps.IsEmpty && !pps.IsEmpty;
    }

    private static bool TryReadUnit(ReadOnlySpan<byte> record, ref int position, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (record.Length - position < 2)
        {
            return false;
        }

        length = BinaryPrimitives.ReadUInt16BigEndian(record[position..]);
        if (record.Length - position - 2 < length)
        {
            return false;
        }

        start = position + 2;
        position += 2 + length;
        return true;
    }
}
