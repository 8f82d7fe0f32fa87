namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>The fields of an H.264 sequence parameter set this library needs: profile, level and picture size.</summary>
public readonly record struct H264SequenceParameterSet
{
    /// <summary>profile_idc (66 baseline, 77 main, 100 high, ...).</summary>
    public int ProfileIdc { get; init; }

    /// <summary>The constraint_set flags byte.</summary>
    public int ProfileCompatibility { get; init; }

    /// <summary>level_idc (e.g. 40 for level 4.0).</summary>
    public int LevelIdc { get; init; }

    /// <summary>chroma_format_idc (1 = 4:2:0 unless a high profile says otherwise).</summary>
    public int ChromaFormatIdc { get; init; }

    /// <summary>bit_depth_luma_minus8 + 8.</summary>
    public int BitDepthLuma { get; init; }

    /// <summary>bit_depth_chroma_minus8 + 8.</summary>
    public int BitDepthChroma { get; init; }

    /// <summary>The displayed width in pixels, after cropping.</summary>
    public int Width { get; init; }

    /// <summary>The displayed height in pixels, after cropping (frames, not fields).</summary>
    public int Height { get; init; }

    /// <summary>True for profiles whose SPS carries chroma format, bit depths and scaling lists.</summary>
    public static bool IsHighProfile(int profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>
    /// Parses an SPS NAL unit (starting with its NAL header byte, emulation-prevention bytes
    /// still in). Returns false when it is not an SPS or is malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, out H264SequenceParameterSet sps)
    {
        sps = default;
        if (spsNal.Length < 4 || (spsNal[0] & 0x1F) != 7)
        {
            return false;
        }

        try
        {
            sps = Parse(spsNal[1..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static H264SequenceParameterSet Parse(ReadOnlySpan<byte> rbsp)
    {
        var bits = new NalBitReader(rbsp);
        var profile = (int)bits.ReadBits(8);
        var compatibility = (int)bits.ReadBits(8);
        var level = (int)bits.ReadBits(8);
        bits.ReadUnsignedExpGolomb(); // seq_parameter_set_id

        var chromaFormat = 1;
        var separateColourPlanes = false;
        var bitDepthLuma = 8;
        var bitDepthChroma = 8;
        if (IsHighProfile(profile))
        {
            chromaFormat = (int)bits.ReadUnsignedExpGolomb();
            if (chromaFormat > 3)
            {
                throw new FormatException("chroma_format_idc is out of range.");
            }

            if (chromaFormat == 3)
            {
                separateColourPlanes = bits.ReadBit();
            }

            bitDepthLuma = 8 + (int)bits.ReadUnsignedExpGolomb();
            bitDepthChroma = 8 + (int)bits.ReadUnsignedExpGolomb();
            bits.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            if (bits.ReadBit())
            {
                var lists = chromaFormat != 3 ? 8 : 12;
                for (var i = 0; i < lists; i++)
                {
                    if (bits.ReadBit())
                    {
                        SkipScalingList(ref bits, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        bits.ReadUnsignedExpGolomb(); // log2_max_frame_num_minus4
        var pocType = bits.ReadUnsignedExpGolomb();
        if (pocType == 0)
        {
            bits.ReadUnsignedExpGolomb(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pocType == 1)
        {
            bits.ReadBit(); // delta_pic_order_always_zero_flag
            bits.ReadSignedExpGolomb(); // offset_for_non_ref_pic
            bits.ReadSignedExpGolomb(); // offset_for_top_to_bottom_field
            var cycle = bits.ReadUnsignedExpGolomb();
            if (cycle > 255)
            {
                throw new FormatException("num_ref_frames_in_pic_order_cnt_cycle is out of range.");
            }

            for (var i = 0; i < cycle; i++)
            {
                bits.ReadSignedExpGolomb();
            }
        }

        bits.ReadUnsignedExpGolomb(); // max_num_ref_frames
        bits.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        var widthInMbs = bits.ReadUnsignedExpGolomb() + 1;
        var heightInMapUnits = bits.ReadUnsignedExpGolomb() + 1;
        var frameMbsOnly = bits.ReadBit();
        if (!frameMbsOnly)
        {
            bits.ReadBit(); // mb_adaptive_frame_field_flag
        }

        bits.ReadBit(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.ReadBit())
        {
            cropLeft = bits.ReadUnsignedExpGolomb();
            cropRight = bits.ReadUnsignedExpGolomb();
            cropTop = bits.ReadUnsignedExpGolomb();
            cropBottom = bits.ReadUnsignedExpGolomb();
        }

        // Crop units depend on chroma subsampling (Table 6-1) and on field coding.
        var fieldFactor = frameMbsOnly ? 1 : 2;
        var chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        long cropUnitX = chromaArrayType == 0 ? 1 : chromaFormat == 3 ? 1 : 2;
        long cropUnitY = (chromaArrayType == 0 ? 1 : chromaFormat == 1 ? 2 : 1) * fieldFactor;
        var width = (widthInMbs * 16L) - (cropUnitX * (cropLeft + cropRight));
        var height = (fieldFactor * heightInMapUnits * 16L) - (cropUnitY * (cropTop + cropBottom));
        if (width <= 0 || height <= 0 || width > 65535 || height > 65535)
        {
            throw new FormatException("The SPS gives an impossible picture size.");
        }

        return new H264SequenceParameterSet
        {
            ProfileIdc = profile,
            ProfileCompatibility = compatibility,
            LevelIdc = level,
            ChromaFormatIdc = chromaFormat,
            BitDepthLuma = bitDepthLuma,
            BitDepthChroma = bitDepthChroma,
            Width = (int)width,
            Height = (int)height,
        };
    }

    private static void SkipScalingList(ref NalBitReader bits, int size)
    {
        var last = 8;
        var next = 8;
        for (var j = 0; j < size; j++)
        {
            if (next != 0)
            {
                next = (last + bits.ReadSignedExpGolomb() + 256) % 256;
            }

            last = next == 0 ? last : next;
        }
    }
}
