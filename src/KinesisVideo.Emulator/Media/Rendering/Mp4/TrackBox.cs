namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// trak (ISO/IEC 14496-12 8.3 to 8.4): tkhd, an edit list when the track starts after the movie
/// does, and mdia with mdhd, hdlr and minf (vmhd or smhd, dinf, stbl).
/// </summary>
internal static class TrackBox
{
    /// <summary>Movie-level times (mvhd, tkhd, elst) are in milliseconds.</summary>
    public const uint MovieTimescale = 1000;

    /// <param name="output">Where the box goes.</param>
    /// <param name="track">The track.</param>
    /// <param name="table">The samples of a progressive file; null in a fragmented file.</param>
    /// <param name="startOffset">How long after the movie's start the track's first sample plays, on the track's timescale.</param>
    public static void Write(BoxWriter output, MediaTrack track, SampleTable? table, long startOffset)
    {
        var mediaDuration = table?.Duration ?? 0;
        var movieDuration = ToMovie(mediaDuration + startOffset, track.Timescale);
        var trak = output.Begin("trak");
        WriteHeader(output, track, movieDuration);
        if (startOffset > 0)
        {
            WriteEditList(output, ToMovie(startOffset, track.Timescale), ToMovie(mediaDuration, track.Timescale));
        }

        var mdia = output.Begin("mdia");
        var mdhd = output.BeginFull("mdhd", 0, 0);
        output.UInt32(0); // creation_time
        output.UInt32(0); // modification_time
        output.UInt32(track.Timescale);
        output.UInt32(checked((uint)mediaDuration));
        output.UInt16(0x55C4); // language 'und'
        output.UInt16(0);
        output.End(mdhd);
        WriteHandler(output, track.IsVideo ? "vide" : "soun", track.IsVideo ? "VideoHandler" : "SoundHandler");
        var minf = output.Begin("minf");
        if (track.IsVideo)
        {
            var vmhd = output.BeginFull("vmhd", 0, 1);
            output.Zeros(8); // graphicsmode, opcolor
            output.End(vmhd);
        }
        else
        {
            var smhd = output.BeginFull("smhd", 0, 0);
            output.Zeros(4); // balance, reserved
            output.End(smhd);
        }

        var dinf = output.Begin("dinf");
        var dref = output.BeginFull("dref", 0, 0);
        output.UInt32(1);
        output.End(output.BeginFull("url ", 0, 1)); // the media is in this file
        output.End(dref);
        output.End(dinf);
        SampleTableBox.Write(output, track, table);
        output.End(minf);
        output.End(mdia);
        output.End(trak);
    }

    /// <summary><paramref name="value"/> on <paramref name="timescale"/> as movie milliseconds.</summary>
    public static uint ToMovie(long value, uint timescale) => checked((uint)(value * MovieTimescale / timescale));

    private static void WriteHeader(BoxWriter output, MediaTrack track, uint duration)
    {
        var tkhd = output.BeginFull("tkhd", 0, 3); // enabled, in movie
        output.UInt32(0);
        output.UInt32(0);
        output.UInt32(checked((uint)track.TrackNumber));
        output.UInt32(0);
        output.UInt32(duration);
        output.Zeros(8);
        output.UInt16(0); // layer
        output.UInt16(0); // alternate_group
        output.UInt16(track.IsVideo ? 0 : 0x0100); // volume
        output.UInt16(0);
        output.UnityMatrix();
        output.UInt32((uint)track.Width << 16);
        output.UInt32((uint)track.Height << 16);
        output.End(tkhd);
    }

    // An empty edit for the time before the track starts, then the whole media.
    private static void WriteEditList(BoxWriter output, uint empty, uint duration)
    {
        var edts = output.Begin("edts");
        var elst = output.BeginFull("elst", 0, 0);
        output.UInt32(2);
        output.UInt32(empty);
        output.Int32(-1);
        output.UInt32(0x00010000);
        output.UInt32(duration);
        output.Int32(0);
        output.UInt32(0x00010000);
        output.End(elst);
        output.End(edts);
    }

    private static void WriteHandler(BoxWriter output, string type, string name)
    {
        var hdlr = output.BeginFull("hdlr", 0, 0);
        output.UInt32(0);
        output.FourCc(type);
        output.Zeros(12);
        output.Bytes(System.Text.Encoding.ASCII.GetBytes(name));
        output.UInt8(0);
        output.End(hdlr);
    }
}
