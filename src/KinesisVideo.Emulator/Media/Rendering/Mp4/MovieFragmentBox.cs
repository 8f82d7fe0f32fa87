namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// moof (ISO/IEC 14496-12 8.8.4 to 8.8.8) for one track, then its mdat: mfhd with the sequence
/// number, traf with tfhd (offsets from the moof), tfdt (64-bit base media decode time) and trun
/// with each sample's duration, size, flags and, when any is not zero, signed composition offset.
/// </summary>
internal static class MovieFragmentBox
{
    // tfhd: base offsets are the moof's first byte (CMAF requires it).
    private const uint DefaultBaseIsMoof = 0x020000;

    // trun flags.
    private const uint DataOffsetPresent = 0x000001;
    private const uint DurationPresent = 0x000100;
    private const uint SizePresent = 0x000200;
    private const uint FlagsPresent = 0x000400;
    private const uint CompositionOffsetPresent = 0x000800;

    // Sample flags: a sync sample depends on no other; any other depends on others and is not sync.
    private const uint SyncSampleFlags = 0x02000000;
    private const uint NonSyncSampleFlags = 0x01010000;

    /// <summary>Writes moof and mdat of <paramref name="samples"/> (at least one) of <paramref name="track"/>.</summary>
    public static void Write(BoxWriter output, MediaTrack track, uint sequenceNumber, IReadOnlyList<MediaSample> samples)
    {
        var moof = output.Begin("moof");
        var mfhd = output.BeginFull("mfhd", 0, 0);
        output.UInt32(sequenceNumber);
        output.End(mfhd);
        var traf = output.Begin("traf");
        var tfhd = output.BeginFull("tfhd", 0, DefaultBaseIsMoof);
        output.UInt32(checked((uint)track.TrackNumber));
        output.End(tfhd);
        var tfdt = output.BeginFull("tfdt", 1, 0);
        output.UInt64((ulong)samples[0].DecodeTime);
        output.End(tfdt);
        var withOffsets = samples.Any(s => s.CompositionOffset != 0);
        var flags = DataOffsetPresent | DurationPresent | SizePresent | FlagsPresent | (withOffsets ? CompositionOffsetPresent : 0);
        var trun = output.BeginFull("trun", 1, flags); // version 1: signed composition offsets
        output.UInt32((uint)samples.Count);
        var dataOffsetAt = output.Length;
        output.Int32(0);
        foreach (var sample in samples)
        {
            output.UInt32(checked((uint)sample.Duration));
            output.UInt32((uint)sample.Data.Length);
            output.UInt32(sample.IsSync ? SyncSampleFlags : NonSyncSampleFlags);
            if (withOffsets)
            {
                output.Int32(sample.CompositionOffset);
            }
        }

        output.End(trun);
        output.End(traf);
        output.End(moof);

        // The first sample follows mdat's 8-byte header, right after moof.
        output.PatchUInt32(dataOffsetAt, (uint)(output.Length - moof + 8));
        var mdat = output.Begin("mdat");
        foreach (var sample in samples)
        {
            output.Bytes(sample.Data.Span);
        }

        output.End(mdat);
    }
}
