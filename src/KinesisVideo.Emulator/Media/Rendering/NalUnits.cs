using KinesisVideo.Client.Mkv.Codecs;

namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>
/// The NAL units of an H.264 or H.265 frame as MKV and MP4 carry them: each preceded by its length
/// in <see cref="MediaTrack.NalLengthSize"/> big-endian bytes.
/// </summary>
internal static class NalUnits
{
    /// <summary>True when the lengths exactly cover <paramref name="frame"/> and no unit is empty.</summary>
    public static bool IsWellFramed(ReadOnlySpan<byte> frame, int lengthSize)
    {
        if (frame.IsEmpty)
        {
            return false;
        }

        while (!frame.IsEmpty)
        {
            if (!TryNext(ref frame, lengthSize, out var nal) || nal.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Takes the next unit off <paramref name="frame"/>; false when its length runs past the end.</summary>
    public static bool TryNext(ref ReadOnlySpan<byte> frame, int lengthSize, out ReadOnlySpan<byte> nal)
    {
        nal = default;
        if (frame.Length < lengthSize)
        {
            return false;
        }

        long length = 0;
        for (var i = 0; i < lengthSize; i++)
        {
            length = (length << 8) | frame[i];
        }

        if (length > frame.Length - lengthSize)
        {
            return false;
        }

        nal = frame.Slice(lengthSize, (int)length);
        frame = frame[(lengthSize + (int)length)..];
        return true;
    }

    /// <summary>The parameter sets of the track's decoder configuration record, as NAL units (SPS and PPS; VPS, SPS and PPS).</summary>
    public static List<byte[]> ParameterSets(MediaTrack track)
    {
        if (track.Codec == MediaCodec.H265)
        {
            return [.. HevcParameterSets.Of(track.CodecPrivate).Select(p => p.Nal.ToArray())];
        }

        AvcDecoderConfigurationRecord.TryGetParameterSets(track.CodecPrivate.Span, out var sps, out var pps);
        return [sps.ToArray(), pps.ToArray()];
    }
}
