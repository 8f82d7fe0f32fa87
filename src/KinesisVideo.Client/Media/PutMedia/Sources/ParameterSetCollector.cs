using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Keeps the last VPS, SPS and PPS seen before the first key frame, and builds the track from them.
/// Used only until the track is known, so its copies are no per-frame cost.
/// </summary>
internal sealed class ParameterSetCollector
{
    private byte[]? _vps;
    private byte[]? _sps;
    private byte[]? _pps;

    public void Collect(AnnexBCodec codec, in AnnexBAccessUnit unit)
    {
        foreach (var nal in unit.Units.Span)
        {
            if ((nal.Role & NalRole.ParameterSet) == 0)
            {
                continue;
            }

            var bytes = unit.GetBytes(nal).ToArray();
            switch (codec, nal.Type)
            {
                case (AnnexBCodec.H264, AnnexBSyntax.H264Sps) or (AnnexBCodec.H265, AnnexBSyntax.H265Sps):
                    _sps = bytes;
                    break;
                case (AnnexBCodec.H264, AnnexBSyntax.H264Pps) or (AnnexBCodec.H265, AnnexBSyntax.H265Pps):
                    _pps = bytes;
                    break;
                case (AnnexBCodec.H265, AnnexBSyntax.H265Vps):
                    _vps = bytes;
                    break;
            }
        }
    }

    /// <summary>The track, once every parameter set the codec needs has been seen; false before.</summary>
    /// <exception cref="AnnexBFormatException">The parameter sets are there but do not parse.</exception>
    public bool TryCreateTrack(AnnexBCodec codec, long offset, out MediaTrack track)
    {
        track = null!;
        if (_sps is null || _pps is null || (codec == AnnexBCodec.H265 && _vps is null))
        {
            return false;
        }

        try
        {
            track = codec == AnnexBCodec.H264 ? MediaTrack.H264(_sps, _pps) : MediaTrack.H265(_vps, _sps, _pps);
            return true;
        }
        catch (ArgumentException e)
        {
            throw new AnnexBFormatException($"The {codec} parameter sets before the first key frame do not parse ({e.Message})", offset, e);
        }
    }
}
