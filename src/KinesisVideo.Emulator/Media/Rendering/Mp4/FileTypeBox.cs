namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>ftyp: the brands a reader may rely on (ISO/IEC 14496-12 4.3).</summary>
internal static class FileTypeBox
{
    /// <summary>
    /// An initialization segment (HLS fMP4, DASH): major brand isom, as some readers (AtomicParsley)
    /// refuse iso6 as the major brand, with the fragmented-file brands iso6, cmfc and dash compatible.
    /// </summary>
    public static void WriteFragmented(BoxWriter output) => Write(output, "isom", 0x200, ["isom", "iso6", "cmfc", "mp41", "dash"]);

    /// <summary>A plain MP4 file (GetClip): isom, readable by any MP4 player.</summary>
    public static void WriteProgressive(BoxWriter output) => Write(output, "isom", 0x200, ["isom", "iso2", "avc1", "mp41"]);

    private static void Write(BoxWriter output, string major, uint minor, string[] compatible)
    {
        var box = output.Begin("ftyp");
        output.FourCc(major);
        output.UInt32(minor);
        foreach (var brand in compatible)
        {
            output.FourCc(brand);
        }

        output.End(box);
    }
}
