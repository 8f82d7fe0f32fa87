namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// A traditional (non-fragmented) MP4 file, GetClip's answer: ftyp, moov with full sample tables,
/// then one mdat with each fragment's samples of each track as a chunk. moov comes first, so a
/// player can start before the whole file has arrived.
/// </summary>
internal static class ProgressiveMp4
{
    /// <summary>The file of <paramref name="tables"/> (one per track, every track with at least one sample).</summary>
    public static ReadOnlyMemory<byte> Write(IReadOnlyList<SampleTable> tables)
    {
        var origin = tables.Min(t => Seconds(t.Samples[0].DecodeTime, t.Track.Timescale));
        var output = new BoxWriter(tables.Sum(t => t.Samples.Sum(s => s.Data.Length)) + 4096);
        FileTypeBox.WriteProgressive(output);
        MovieBox.Write(output, [.. tables.Select(t => (t.Track, (SampleTable?)t, StartOffset(t, origin)))], fragmented: false);

        // Chunks in the order they were added, track by track within each fragment's turn.
        var mdat = output.Begin("mdat");
        var next = new int[tables.Count];
        var chunk = new int[tables.Count];
        bool more;
        do
        {
            more = false;
            for (var t = 0; t < tables.Count; t++)
            {
                var table = tables[t];
                if (chunk[t] >= table.ChunkSizes.Count)
                {
                    continue;
                }

                output.PatchUInt32(table.ChunkOffsetPositions[chunk[t]], (uint)output.Length);
                for (var i = 0; i < table.ChunkSizes[chunk[t]]; i++)
                {
                    output.Bytes(table.Samples[next[t]++].Data.Span);
                }

                chunk[t]++;
                more = true;
            }
        }
        while (more);

        output.End(mdat);
        return output.Written;
    }

    private static decimal Seconds(long value, uint timescale) => (decimal)value / timescale;

    // Every track's samples start at 0 on its own timeline; a track that starts later than the
    // earliest one gets an empty edit of the difference, so the tracks stay in step.
    private static long StartOffset(SampleTable table, decimal origin) =>
        (long)((Seconds(table.Samples[0].DecodeTime, table.Track.Timescale) - origin) * table.Track.Timescale);
}
