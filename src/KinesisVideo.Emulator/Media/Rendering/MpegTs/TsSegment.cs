using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// GetTSFragment: one KVS fragment as a self-contained MPEG-TS segment: PAT and PMT, then every
/// track's frames as PES packets in decode order (H.264/H.265 as Annex-B access units, AAC as ADTS
/// frames), PTS and DTS on the 90 kHz clock from the producer timestamps (modulo 2^33, as the
/// format wraps), a PCR on each video PES. Hand-written for the same reason as the MP4 writers:
/// no maintained .NET library muxes transport streams.
/// </summary>
internal static class TsSegment
{
    private const long ClockRate = 90_000;

    /// <summary>The segment; InvalidMediaFrameException when a video frame's NAL lengths are malformed.</summary>
    public static byte[] Write(StoredFragment fragment, IReadOnlyList<MediaTrack> tracks)
    {
        var output = new TsPacketWriter();
        output.Write(ProgramTables.PatPid, ProgramTables.Pat());
        output.Write(ProgramTables.PmtPid, ProgramTables.Pmt(tracks));
        var units = new List<(long Dts, int Track, MediaSample Sample)>();
        for (var t = 0; t < tracks.Count; t++)
        {
            foreach (var sample in TrackSamples.Of(fragment, tracks[t]))
            {
                units.Add((Rescale(sample.DecodeTime, tracks[t].Timescale), t, sample));
            }
        }

        var parameterSets = tracks.Select(t => t.IsVideo ? NalUnits.ParameterSets(t) : []).ToList();
        foreach (var (dts, t, sample) in units.OrderBy(u => u.Dts).ThenBy(u => u.Track))
        {
            var track = tracks[t];
            var pid = ProgramTables.PidOf(t);
            if (track.IsVideo)
            {
                var unit = AnnexBAccessUnit.From(track, sample, parameterSets[t])
                    ?? throw new Protocol.ServiceErrorException(Protocol.ErrorCodes.InvalidMediaFrame, $"A frame of track {track.TrackNumber} in fragment {fragment.FragmentNumber} could not be parsed as {track.Codec}: its NAL unit lengths do not add up.");
                var pts = Rescale(sample.PresentationTime, track.Timescale);
                output.Write(pid, PesPacket.Build(PesPacket.VideoStreamId, pts, dts, unit), pcr: t == 0 ? dts : null, randomAccess: sample.IsSync);
            }
            else
            {
                var frame = AdtsFrame.From(track.Aac, sample.Data.Span);
                output.Write(pid, PesPacket.Build(PesPacket.AudioStreamId, dts, null, frame), pcr: t == 0 ? dts : null, randomAccess: true);
            }
        }

        return output.ToArray();
    }

    private static long Rescale(long value, uint timescale) =>
        timescale == ClockRate ? value : (long)((Int128)value * ClockRate / timescale);
}
