namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// One track's samples in a progressive MP4 (GetClip), grouped in chunks (a chunk is the track's
/// samples of one KVS fragment, stored together in mdat). The chunk offsets are known only once
/// moov is written, so writing stco records where each offset goes.
/// </summary>
internal sealed class SampleTable(MediaTrack track)
{
    public MediaTrack Track { get; } = track;

    public List<MediaSample> Samples { get; } = [];

    /// <summary>How many samples each chunk holds, in order.</summary>
    public List<int> ChunkSizes { get; } = [];

    /// <summary>Where in the file each chunk's stco entry is, once written.</summary>
    public List<int> ChunkOffsetPositions { get; } = [];

    /// <summary>From the first sample's decode time to the last one's end, on the track's timescale.</summary>
    public long Duration => TrackSamples.DurationOf(Samples);

    /// <summary>Adds one chunk of samples.</summary>
    public void AddChunk(IReadOnlyList<MediaSample> samples)
    {
        if (samples.Count > 0)
        {
            Samples.AddRange(samples);
            ChunkSizes.Add(samples.Count);
        }
    }

    /// <summary>
    /// Durations from the decode times across chunks, so a gap between fragments lengthens the
    /// sample before it instead of shifting everything after it (audio and video stay in step).
    /// </summary>
    public void JoinChunks()
    {
        for (var i = 0; i + 1 < Samples.Count; i++)
        {
            var gap = Samples[i + 1].DecodeTime - Samples[i].DecodeTime;
            if (gap > 0)
            {
                Samples[i] = Samples[i] with { Duration = gap };
            }
        }
    }
}
