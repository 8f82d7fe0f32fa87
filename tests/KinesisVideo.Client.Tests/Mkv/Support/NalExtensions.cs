using KinesisVideo.Client.Mkv.Codecs;

namespace KinesisVideo.Client.Tests.Mkv.Support;

internal static class NalExtensions
{
    /// <summary>The first H.265 NAL unit of <paramref name="type"/>, copied; fails the test when absent.</summary>
    public static byte[] ToArrayOfType(this AnnexBNalEnumerator units, int type)
    {
        foreach (var nal in units)
        {
            if (AnnexBNalUnits.GetH265NalType(nal) == type)
            {
                return nal.ToArray();
            }
        }

        Assert.Fail($"No H.265 NAL unit of type {type}.");
        return [];
    }
}
