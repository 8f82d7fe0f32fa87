namespace KinesisVideo.Client.Mkv.Codecs;

/// <summary>The fields of an H.265 sequence parameter set this library needs: profile, level and picture size.</summary>
public readonly record struct H265SequenceParameterSet
{
    /// <summary>sps_max_sub_layers_minus1 + 1.</summary>
    public int MaxSubLayers { get; init; }

    /// <summary>sps_temporal_id_nesting_flag.</summary>
    public bool TemporalIdNesting { get; init; }

    /// <summary>general_profile_space, general_tier_flag and general_profile_idc packed as in the first profile_tier_level byte.</summary>
    public byte GeneralProfileByte { get; init; }

    /// <summary>general_profile_idc (1 Main, 2 Main 10, ...).</summary>
    public int ProfileIdc => GeneralProfileByte & 0x1F;

    /// <summary>general_level_idc (30 × the level, e.g. 93 for 3.1).</summary>
    public int LevelIdc { get; init; }

    /// <summary>The 4 bytes of general_profile_compatibility_flags.</summary>
    public uint ProfileCompatibilityFlags { get; init; }

    /// <summary>The 48 bits of general constraint indicator flags.</summary>
    public ulong ConstraintIndicatorFlags { get; init; }

    /// <summary>chroma_format_idc.</summary>
    public int ChromaFormatIdc { get; init; }

    /// <summary>bit_depth_luma_minus8 + 8.</summary>
    public int BitDepthLuma { get; init; }

    /// <summary>bit_depth_chroma_minus8 + 8.</summary>
    public int BitDepthChroma { get; init; }

    /// <summary>The displayed width, after the conformance window.</summary>
    public int Width { get; init; }

    /// <summary>The displayed height, after the conformance window.</summary>
    public int Height { get; init; }

    /// <summary>
    /// Parses an SPS NAL unit (from its 2-byte NAL header, emulation-prevention bytes still in);
    /// false when it is not an SPS or is malformed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, out H265SequenceParameterSet sps)
    {
        sps = default;
        if (AnnexBNalUnits.GetH265NalType(spsNal) != 33 || spsNal.Length < 15)
        {
            return false;
        }

        try
        {
            sps = Parse(spsNal[2..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static H265SequenceParameterSet Parse(ReadOnlySpan<byte> rbsp)
    {
        var bits = new NalBitReader(rbsp);
        bits.ReadBits(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = (int)bits.ReadBits(3);
        var nesting = bits.ReadBit();

        // profile_tier_level(1, maxSubLayersMinus1)
        var profileByte = (byte)bits.ReadBits(8);
        var compatibility = bits.ReadBits(32);
        var constraints = ((ulong)bits.ReadBits(16) << 32) | bits.ReadBits(32);
        var level = (int)bits.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = bits.ReadBit();
            levelPresent[i] = bits.ReadBit();
        }

        if (maxSubLayersMinus1 > 0)
        {
            for (var i = maxSubLayersMinus1; i < 8; i++)
            {
                bits.ReadBits(2); // reserved_zero_2bits
            }
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i])
            {
                bits.ReadBits(32);
                bits.ReadBits(32);
                bits.ReadBits(24);
            }

            if (levelPresent[i])
            {
                bits.ReadBits(8);
            }
        }

        bits.ReadUnsignedExpGolomb(); // sps_seq_parameter_set_id
        var chromaFormat = (int)bits.ReadUnsignedExpGolomb();
        if (chromaFormat > 3)
        {
            throw new FormatException("chroma_format_idc is out of range.");
        }

        var separateColourPlanes = chromaFormat == 3 && bits.ReadBit();
        long width = bits.ReadUnsignedExpGolomb();
        long height = bits.ReadUnsignedExpGolomb();
        if (bits.ReadBit())
        {
            // Conformance window offsets are in chroma sample units (Table 6-1).
            var chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            var subWidth = chromaArrayType is 1 or 2 ? 2 : 1;
            var subHeight = chromaArrayType == 1 ? 2 : 1;
            width -= subWidth * ((long)bits.ReadUnsignedExpGolomb() + bits.ReadUnsignedExpGolomb());
            height -= subHeight * ((long)bits.ReadUnsignedExpGolomb() + bits.ReadUnsignedExpGolomb());
        }

        var bitDepthLuma = 8 + (int)bits.ReadUnsignedExpGolomb();
        var bitDepthChroma = 8 + (int)bits.ReadUnsignedExpGolomb();
        if (width <= 0 || height <= 0 || width > 65535 || height > 65535 || bitDepthLuma > 16 || bitDepthChroma > 16)
        {
            throw new FormatException("The SPS gives an impossible picture size or bit depth.");
        }

        return new H265SequenceParameterSet
        {
            MaxSubLayers = maxSubLayersMinus1 + 1,
            TemporalIdNesting = nesting,
            GeneralProfileByte = profileByte,
            ProfileCompatibilityFlags = compatibility,
            ConstraintIndicatorFlags = constraints,
            LevelIdc = level,
            ChromaFormatIdc = chromaFormat,
            BitDepthLuma = bitDepthLuma,
            BitDepthChroma = bitDepthChroma,
            Width = (int)width,
            Height = (int)height,
        };
    }
}
