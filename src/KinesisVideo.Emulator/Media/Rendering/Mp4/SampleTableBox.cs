namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// stbl (ISO/IEC 14496-12 8.5 to 8.7): the sample description, then the time-to-sample (stts),
/// composition offsets (ctts), sync samples (stss), sample-to-chunk (stsc), sizes (stsz) and chunk
/// offsets (stco) of a progressive file; empty tables in a fragmented file, whose samples are in
/// its movie fragments.
/// </summary>
internal static class SampleTableBox
{
    public static void Write(BoxWriter output, MediaTrack track, SampleTable? table)
    {
        var stbl = output.Begin("stbl");
        SampleEntryBox.Write(output, track);
        var samples = table?.Samples ?? [];
        WriteTimeToSample(output, samples);
        if (samples.Any(s => s.CompositionOffset != 0))
        {
            WriteCompositionOffsets(output, samples);
        }

        if (track.IsVideo && samples.Any(s => !s.IsSync))
        {
            WriteSyncSamples(output, samples);
        }

        WriteSampleToChunk(output, table?.ChunkSizes ?? []);
        WriteSizes(output, samples);
        WriteChunkOffsets(output, table);
        output.End(stbl);
    }

    private static void WriteTimeToSample(BoxWriter output, List<MediaSample> samples) =>
        WriteRuns(output, "stts", 0, Runs(samples, s => checked((uint)s.Duration)));

    // Version 1: signed offsets, as B-frames with decode times from sorted presentation times need.
    private static void WriteCompositionOffsets(BoxWriter output, List<MediaSample> samples) =>
        WriteRuns(output, "ctts", 1, Runs(samples, s => unchecked((uint)s.CompositionOffset)));

    // stts and ctts: an entry count, then (sample count, value) per run of equal values.
    private static void WriteRuns(BoxWriter output, string type, byte version, List<(uint Count, uint Value)> runs)
    {
        var box = output.BeginFull(type, version, 0);
        output.UInt32((uint)runs.Count);
        foreach (var (count, value) in runs)
        {
            output.UInt32(count);
            output.UInt32(value);
        }

        output.End(box);
    }

    private static void WriteSyncSamples(BoxWriter output, List<MediaSample> samples)
    {
        var box = output.BeginFull("stss", 0, 0);
        var countAt = output.Length;
        output.UInt32(0);
        uint count = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].IsSync)
            {
                output.UInt32((uint)i + 1);
                count++;
            }
        }

        output.PatchUInt32(countAt, count);
        output.End(box);
    }

    private static void WriteSampleToChunk(BoxWriter output, List<int> chunkSizes)
    {
        var box = output.BeginFull("stsc", 0, 0);
        var countAt = output.Length;
        output.UInt32(0);
        uint entries = 0;
        for (var i = 0; i < chunkSizes.Count; i++)
        {
            if (i == 0 || chunkSizes[i] != chunkSizes[i - 1])
            {
                output.UInt32((uint)i + 1); // first_chunk
                output.UInt32((uint)chunkSizes[i]);
                output.UInt32(1); // sample_description_index
                entries++;
            }
        }

        output.PatchUInt32(countAt, entries);
        output.End(box);
    }

    private static void WriteSizes(BoxWriter output, List<MediaSample> samples)
    {
        var box = output.BeginFull("stsz", 0, 0);
        output.UInt32(0); // sizes differ: one entry each
        output.UInt32((uint)samples.Count);
        foreach (var sample in samples)
        {
            output.UInt32((uint)sample.Data.Length);
        }

        output.End(box);
    }

    private static void WriteChunkOffsets(BoxWriter output, SampleTable? table)
    {
        var box = output.BeginFull("stco", 0, 0);
        var chunks = table?.ChunkSizes.Count ?? 0;
        output.UInt32((uint)chunks);
        for (var i = 0; i < chunks; i++)
        {
            table!.ChunkOffsetPositions.Add(output.Length);
            output.UInt32(0); // patched once mdat's place is known
        }

        output.End(box);
    }

    private static List<(uint Count, uint Value)> Runs(List<MediaSample> samples, Func<MediaSample, uint> value)
    {
        var runs = new List<(uint Count, uint Value)>();
        foreach (var sample in samples)
        {
            var v = value(sample);
            if (runs.Count > 0 && runs[^1].Value == v)
            {
                runs[^1] = (runs[^1].Count + 1, v);
            }
            else
            {
                runs.Add((1, v));
            }
        }

        return runs;
    }
}
