namespace KinesisVideo.Emulator.Media.Rendering.MpegTs;

/// <summary>
/// A video frame as MPEG-TS carries it (ISO/IEC 14496-10 Annex B, 13818-1 2.14): an access unit
/// delimiter first, the parameter sets before a key frame's own units (a TS segment has no
/// initialization segment, so a decoder joining at any segment needs them), each unit after a
/// start code instead of its length.
/// </summary>
internal static class AnnexBAccessUnit
{
    private static readonly byte[] s_startCode = [0, 0, 0, 1];

    // H.264 AUD (type 9, primary_pic_type 7: any slice); H.265 AUD (type 35, pic_type 2: any).
    private static readonly byte[] s_h264Delimiter = [0x09, 0xF0];
    private static readonly byte[] s_h265Delimiter = [0x46, 0x01, 0x50];

    /// <summary>The Annex-B access unit of <paramref name="sample"/>; null when its NAL lengths are malformed.</summary>
    public static byte[]? From(MediaTrack track, MediaSample sample, IReadOnlyList<byte[]> parameterSets)
    {
        using var output = new MemoryStream(sample.Data.Length + 64);
        output.Write(s_startCode);
        output.Write(track.Codec == MediaCodec.H265 ? s_h265Delimiter : s_h264Delimiter);
        if (sample.IsSync)
        {
            foreach (var set in parameterSets)
            {
                output.Write(s_startCode);
                output.Write(set);
            }
        }

        var frame = sample.Data.Span;
        while (!frame.IsEmpty)
        {
            if (!NalUnits.TryNext(ref frame, track.NalLengthSize, out var nal))
            {
                return null;
            }

            if (IsDelimiter(track, nal))
            {
                continue;
            }

            output.Write(s_startCode);
            output.Write(nal);
        }

        return output.ToArray();
    }

    private static bool IsDelimiter(MediaTrack track, ReadOnlySpan<byte> nal) =>
        !nal.IsEmpty && (track.Codec == MediaCodec.H265 ? ((nal[0] >> 1) & 0x3F) == 35 : (nal[0] & 0x1F) == 9);
}
