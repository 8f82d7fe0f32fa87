namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// The fMP4 (CMAF) resources of HLS and DASH sessions: GetMP4InitFragment (ftyp and moov with the
/// codec private data, no samples) and GetMP4MediaFragment (one KVS fragment's samples of one
/// track as moof and mdat, timed by the producer timestamps).
/// </summary>
internal static class FragmentedMp4
{
    /// <summary>The initialization segment of <paramref name="tracks"/>.</summary>
    public static ReadOnlyMemory<byte> InitSegment(IReadOnlyList<MediaTrack> tracks)
    {
        var output = new BoxWriter();
        FileTypeBox.WriteFragmented(output);
        MovieBox.Write(output, [.. tracks.Select(t => (t, (SampleTable?)null, 0L))], fragmented: true);
        return output.Written;
    }

    /// <summary>A media segment: <paramref name="samples"/> (at least one) of <paramref name="track"/>.</summary>
    public static ReadOnlyMemory<byte> MediaSegment(MediaTrack track, uint sequenceNumber, IReadOnlyList<MediaSample> samples)
    {
        var output = new BoxWriter(samples.Sum(s => s.Data.Length) + 256 + (samples.Count * 16));
        MovieFragmentBox.Write(output, track, sequenceNumber, samples);
        return output.Written;
    }
}
