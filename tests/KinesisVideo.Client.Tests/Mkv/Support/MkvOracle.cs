using System.Globalization;
using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>A packet as ffprobe or mkvinfo reports it: stream index (0-based), timestamp in ms, key flag, size.</summary>
internal readonly record struct OraclePacket(int StreamIndex, long TimestampMs, bool IsKey, int Size);

/// <summary>Runs ffprobe -show_packets and mkvinfo -v and parses what they report about blocks.</summary>
internal static partial class MkvOracle
{
    /// <summary>ffprobe -show_packets: every packet in file order; fails the test on any ffprobe error.</summary>
    public static List<OraclePacket> FfprobePackets(string path)
    {
        var result = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_packets", "-of", "csv=p=0", "-show_entries", "packet=stream_index,pts,flags,size", path);
        Assert.That(result.StandardError, Is.Empty, "ffprobe reported errors");
        var packets = new List<OraclePacket>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // csv order follows ffprobe's field order: stream_index, pts, size, flags.
            var parts = line.Split(',');
            packets.Add(new OraclePacket(
                int.Parse(parts[0], CultureInfo.InvariantCulture),
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                parts[3].StartsWith('K'),
                int.Parse(parts[2], CultureInfo.InvariantCulture)));
        }

        return packets;
    }

    /// <summary>mkvinfo -v: exit code 0 and the blocks it lists (track number, timestamp in ms, key flag, frame size).</summary>
    public static List<OraclePacket> MkvinfoBlocks(string path)
    {
        var result = ExternalTool.RunChecked("mkvinfo", "-v", path);
        Assert.That(result.StandardOutput, Does.Not.Contain("Error").And.Not.Contain("error"), "mkvinfo reported an error");
        var blocks = new List<OraclePacket>();
        foreach (Match m in BlockLine().Matches(result.StandardOutput))
        {
            var ms = (long.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) * 3_600_000)
                + (long.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) * 60_000)
                + (long.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) * 1000)
                + (long.Parse(m.Groups["ns"].Value, CultureInfo.InvariantCulture) / 1_000_000);
            blocks.Add(new OraclePacket(int.Parse(m.Groups["track"].Value, CultureInfo.InvariantCulture), ms, m.Groups["key"].Success, int.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture)));
        }

        return blocks;
    }

    /// <summary>mkvinfo's text output for the file (-v: every element, of the first EBML document only, as mkvinfo reads it).</summary>
    public static string MkvinfoText(string path) => ExternalTool.RunChecked("mkvinfo", "-v", path).StandardOutput;

    [GeneratedRegex(@"(?:Simple block|Block): (?<key>key, )?track number (?<track>\d+), (?<frames>\d+) frame\(s\), timestamp (?<h>\d+):(?<m>\d+):(?<s>\d+)\.(?<ns>\d+)\n\|? *\+ Frame with size (?<size>\d+)")]
    private static partial Regex BlockLine();
}
