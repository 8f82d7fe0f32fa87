namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>What a NAL unit is, for splitting access units and describing frames.</summary>
[Flags]
internal enum NalRole : byte
{
    None = 0,

    /// <summary>A coded slice (VCL NAL unit).</summary>
    Slice = 1,

    /// <summary>The first slice of a picture (first_mb_in_slice 0 / first_slice_segment_in_pic_flag 1).</summary>
    FirstSliceOfPicture = 2,

    /// <summary>A slice of a random-access picture: IDR (H.264), IRAP (H.265).</summary>
    KeySlice = 4,

    /// <summary>A NAL unit that, after a slice, starts the next access unit (AUD, parameter sets, prefix SEI, ...).</summary>
    StartsAccessUnit = 8,

    /// <summary>An access unit delimiter: dropped from frames.</summary>
    Delimiter = 16,

    /// <summary>A parameter set (VPS, SPS, PPS).</summary>
    ParameterSet = 32,
}

/// <summary>
/// The NAL unit rules of H.264 (7.4.1.2.3) and H.265 (7.4.2.4.4) that say where an access unit
/// begins, which slices are key pictures and which units are parameter sets.
/// </summary>
internal static class AnnexBSyntax
{
    public const int H264Sps = 7;
    public const int H264Pps = 8;
    public const int H265Vps = 32;
    public const int H265Sps = 33;
    public const int H265Pps = 34;

    /// <summary>The NAL header and the first payload byte a unit's role is read from.</summary>
    public const int ClassifyBytes = 3;

    /// <summary>The nal_unit_type of a unit starting with <paramref name="firstByte"/>.</summary>
    public static int GetType(AnnexBCodec codec, byte firstByte) =>
        codec == AnnexBCodec.H264 ? firstByte & 0x1F : (firstByte >> 1) & 0x3F;

    /// <summary>
    /// The role of a unit from its first bytes (<see cref="ClassifyBytes"/>, fewer only when the
    /// unit is shorter); what is missing reads as zero bits.
    /// </summary>
    public static NalRole Classify(AnnexBCodec codec, ReadOnlySpan<byte> head)
    {
        var type = GetType(codec, head[0]);
        return codec == AnnexBCodec.H264 ? ClassifyH264(type, head) : ClassifyH265(type, head);
    }

    /// <summary>
    /// Tells H.264 from H.265 by the first NAL unit of a stream: what encoders put first (an AUD,
    /// a parameter set, SEI or a key slice) has a header that is valid in only one of them.
    /// </summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out AnnexBCodec codec)
    {
        codec = default;
        if (head.Length < 2 || (head[0] & 0x80) != 0)
        {
            return false;
        }

        // H.265 headers are two bytes: layer 0 and TemporalId 0 make the second byte 0x01.
        if (head[1] == 0x01 && GetType(AnnexBCodec.H265, head[0]) is H265Vps or H265Sps or H265Pps or 35 or 39 or 19 or 20 or 21)
        {
            codec = AnnexBCodec.H265;
            return true;
        }

        // H.264: nal_ref_idc is zero for AUD and SEI and non-zero for parameter sets and IDR slices.
        var referenced = (head[0] & 0x60) != 0;
        var valid = GetType(AnnexBCodec.H264, head[0]) switch
        {
            6 or 9 => !referenced,
            H264Sps or H264Pps or 5 => referenced,
            1 => true,
            _ => false,
        };
        if (valid)
        {
            codec = AnnexBCodec.H264;
        }

        return valid;
    }

    private static NalRole ClassifyH264(int type, ReadOnlySpan<byte> head)
    {
        switch (type)
        {
            case 1 or 5:
                // first_mb_in_slice is ue(v): 0 is the single bit 1.
                var role = NalRole.Slice | (type == 5 ? NalRole.KeySlice : NalRole.None);
                return head.Length > 1 && (head[1] & 0x80) != 0 ? role | NalRole.FirstSliceOfPicture : role;
            case 9:
                return NalRole.StartsAccessUnit | NalRole.Delimiter;
            case H264Sps or H264Pps:
                return NalRole.StartsAccessUnit | NalRole.ParameterSet;
            case 6 or (>= 14 and <= 18):
                return NalRole.StartsAccessUnit;
            default:
                // Data partitions (2-4) carry no first_mb_in_slice of their own; with end of sequence,
                // end of stream, filler and extensions they stay in the current access unit.
                return type is >= 2 and <= 4 ? NalRole.Slice : NalRole.None;
        }
    }

    private static NalRole ClassifyH265(int type, ReadOnlySpan<byte> head)
    {
        if (type <= 31)
        {
            // first_slice_segment_in_pic_flag is the first bit after the 2-byte header.
            var role = NalRole.Slice | (type is >= 16 and <= 23 ? NalRole.KeySlice : NalRole.None);
            return head.Length > 2 && (head[2] & 0x80) != 0 ? role | NalRole.FirstSliceOfPicture : role;
        }

        return type switch
        {
            35 => NalRole.StartsAccessUnit | NalRole.Delimiter,
            H265Vps or H265Sps or H265Pps => NalRole.StartsAccessUnit | NalRole.ParameterSet,
            39 or (>= 41 and <= 44) or (>= 48 and <= 55) => NalRole.StartsAccessUnit,
            // End of sequence/bitstream, filler data and suffix SEI close the current access unit.
            _ => NalRole.None,
        };
    }
}
