using System.Buffers.Binary;

namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>
/// The HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3), the CodecPrivate of a
/// <c>V_MPEGH/ISO/HEVC</c> track: profile, tier, level, 4-byte NAL lengths, VPS, SPS and PPS.
/// </summary>
public static class HevcDecoderConfigurationRecord
{
    /// <summary>Builds a record from one VPS, SPS and PPS (NAL headers included); false when the SPS does not parse.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps, out byte[] record)
    {
        record = [];
        if (vps.IsEmpty || pps.IsEmpty || vps.Length > ushort.MaxValue || sps.Length > ushort.MaxValue || pps.Length > ushort.MaxValue
            || !H265SequenceParameterSet.TryParse(sps, out var parsed))
        {
            return false;
        }

        var result = new byte[23 + (3 * 5) + vps.Length + sps.Length + pps.Length];
        result[0] = 1;
        result[1] = parsed.GeneralProfileByte;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), parsed.ProfileCompatibilityFlags);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(6), (ushort)(parsed.ConstraintIndicatorFlags >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(8), (uint)parsed.ConstraintIndicatorFlags);
        result[12] = (byte)parsed.LevelIdc;
        result[13] = 0xF0; // reserved, min_spatial_segmentation_idc = 0 (unknown)
        result[14] = 0x00;
        result[15] = 0xFC; // reserved, parallelismType = 0 (unknown)
        result[16] = (byte)(0xFC | parsed.ChromaFormatIdc);
        result[17] = (byte)(0xF8 | (parsed.BitDepthLuma - 8));
        result[18] = (byte)(0xF8 | (parsed.BitDepthChroma - 8));
        // avgFrameRate 0 (unknown); constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3.
        result[21] = (byte)((parsed.MaxSubLayers << 3) | (parsed.TemporalIdNesting ? 0x04 : 0) | 0x03);
        result[22] = 3;
        var position = 23;
        position = WriteArray(result, position, 32, vps);
        position = WriteArray(result, position, 33, sps);
        WriteArray(result, position, 34, pps);
        record = result;
        return true;
    }

    /// <summary>Builds a record from the first VPS, SPS and PPS of an Annex-B buffer; false when one is missing.</summary>
    public static bool TryCreateFromAnnexB(ReadOnlySpan<byte> annexB, out byte[] record)
    {
        ReadOnlySpan<byte> vps = default, sps = default, pps = default;
        foreach (var nal in AnnexBNalUnits.Enumerate(annexB))
        {
            switch (AnnexBNalUnits.GetH265NalType(nal))
            {
                case 32 when vps.IsEmpty:
                    vps = nal;
                    break;
                case 33 when sps.IsEmpty:
                    sps = nal;
                    break;
                case 34 when pps.IsEmpty:
                    pps = nal;
                    break;
            }
        }

        return TryCreate(vps, sps, pps, out record);
    }

    /// <summary>Reads the picture size from the first SPS in a record; false when there is none or it does not parse.</summary>
    public static bool TryGetPictureSize(ReadOnlySpan<byte> record, out int width, out int height)
    {
        width = height = 0;
        if (record.Length < 23 || record[0] != 1)
        {
            return false;
        }

        var position = 23;
        for (var array = 0; array < record[22]; array++)
        {
            if (position + 3 > record.Length)
            {
                return false;
            }

            var nalType = record[position] & 0x3F;
            int count = BinaryPrimitives.ReadUInt16BigEndian(record[(position + 1)..]);
            position += 3;
            for (var i = 0; i < count; i++)
            {
                if (position + 2 > record.Length)
                {
                    return false;
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(record[position..]);
                position += 2;
                if (position + length > record.Length)
                {
                    return false;
                }

                if (nalType == 33 && H265SequenceParameterSet.TryParse(record.Slice(position, length), out var sps))
                {
                    (width, height) = (sps.Width, sps.Height);
                    return true;
                }

                position += length;
            }
        }

        return false;
    }

    private static int WriteArray(byte[] record, int position, int nalType, ReadOnlySpan<byte> nal)
    {
        record[position] = (byte)(0x80 | nalType); // array_completeness 1
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(position + 1), 1);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(position + 3), (ushort)nal.Length);
        nal.CopyTo(record.AsSpan(position + 5));
        return position + 5 + nal.Length;
    }
}
