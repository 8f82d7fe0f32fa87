namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>ftyp: the brands a reader may rely on (ISO/IEC 14496-12 4.3).</summary>
internal static class FileTypeBox
{
    /// <summary>A CMAF-style initialization segment (HLS fMP4, DASH): iso6 with the cmfc and dash brands.</summary>
    public static void WriteFragmented(BoxWriter output) => Write(output, "iso6", 0, ["iso6", "cmfc", "mp41", "dash"]);

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
