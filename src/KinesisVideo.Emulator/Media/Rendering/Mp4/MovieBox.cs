namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// moov (ISO/IEC 14496-12 8.2): mvhd, one trak per track, and for a fragmented file mvex with one
/// trex per track (the samples then come in moof boxes).
/// </summary>
internal static class MovieBox
{
    /// <param name="output">Where the box goes.</param>
    /// <param name="tracks">The tracks, each with its samples and start offset in a progressive file.</param>
    /// <param name="fragmented">True for an initialization segment: empty sample tables and mvex.</param>
    public static void Write(BoxWriter output, IReadOnlyList<(MediaTrack Track, SampleTable? Table, long StartOffset)> tracks, bool fragmented)
    {
        var moov = output.Begin("moov");
        var mvhd = output.BeginFull("mvhd", 0, 0);
        output.UInt32(0); // creation_time
        output.UInt32(0); // modification_time
        output.UInt32(TrackBox.MovieTimescale);
        output.UInt32(tracks.Max(t => t.Table is null ? 0 : TrackBox.ToMovie(t.Table.Duration + t.StartOffset, t.Track.Timescale)));
        output.UInt32(0x00010000); // rate 1.0
        output.UInt16(0x0100); // volume 1.0
        output.Zeros(10);
        output.UnityMatrix();
        output.Zeros(24); // pre_defined
        output.UInt32(checked((uint)tracks.Max(t => t.Track.TrackNumber) + 1)); // next_track_ID
        output.End(mvhd);
        foreach (var (track, table, startOffset) in tracks)
        {
            TrackBox.Write(output, track, table, startOffset);
        }

        if (fragmented)
        {
            var mvex = output.Begin("mvex");
            foreach (var (track, _, _) in tracks)
            {
                var trex = output.BeginFull("trex", 0, 0);
                output.UInt32(checked((uint)track.TrackNumber));
                output.UInt32(1); // default_sample_description_index
                output.UInt32(0); // default_sample_duration
                output.UInt32(0); // default_sample_size
                output.UInt32(0); // default_sample_flags
                output.End(trex);
            }

            output.End(mvex);
        }

        output.End(moov);
    }
}
