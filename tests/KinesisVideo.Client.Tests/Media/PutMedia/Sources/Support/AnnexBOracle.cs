using System.Buffers.Binary;
using System.Globalization;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;

/// <summary>
/// What ffmpeg makes of a raw Annex-B stream: ffprobe's h264/hevc parser splits it into packets
/// (access units) with their byte positions and key flags, so each packet's NAL units are read
/// from the input itself.
/// </summary>
internal static class AnnexBOracle
{
    /// <summary>ffprobe's access units of the raw stream: each one's key flag and NAL units (start codes removed).</summary>
    public static List<(bool IsKey, List<byte[]> Units)> FfprobeAccessUnits(string directory, byte[] annexB, string format)
    {
        var input = Path.Combine(directory, $"probe-{Guid.NewGuid():N}.{format}");
        File.WriteAllBytes(input, annexB);
        var result = ExternalTool.RunChecked("ffprobe", "-v", "error", "-f", format, "-show_packets", "-show_entries", "packet=pos,size,flags", "-of", "csv=p=0", input);
        var units = new List<(bool, List<byte[]>)>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // csv follows ffprobe's field order: size, pos, flags.
            var parts = line.Split(',');
            var size = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var position = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var nals = new List<byte[]>();
            foreach (var nal in AnnexBNalUnits.Enumerate(annexB.AsSpan(position, size)))
            {
                nals.Add(nal.ToArray());
            }

            units.Add((parts[2].StartsWith('K'), nals));
        }

        return units;
    }

    /// <summary>The NAL units of an AVCC frame (4-byte lengths).</summary>
    public static List<byte[]> SplitAvcc(ReadOnlySpan<byte> frame)
    {
        var units = new List<byte[]>();
        while (!frame.IsEmpty)
        {
            Assert.That(frame.Length, Is.GreaterThanOrEqualTo(4), "AVCC length prefix");
            var length = BinaryPrimitives.ReadInt32BigEndian(frame);
            Assert.That(length, Is.InRange(1, frame.Length - 4), "AVCC unit length");
            units.Add(frame.Slice(4, length).ToArray());
            frame = frame[(4 + length)..];
        }

        return units;
    }
}
