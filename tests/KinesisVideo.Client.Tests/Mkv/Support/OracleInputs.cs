using KinesisVideo.Client.Mkv.Codecs;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>A frame to write: track, timecode (ms), key flag, payload.</summary>
internal sealed record InputFrame(ulong Track, long Timecode, bool IsKey, byte[] Payload);

/// <summary>Makes oracle inputs with ffmpeg at test time: an H.264 Annex-B stream and an AAC ADTS stream.</summary>
internal static class OracleInputs
{
    /// <summary>Encodes testsrc to Annex-B H.264 with an access unit delimiter before every frame.</summary>
    public static byte[] EncodeH264(string directory, string size = "320x240", int seconds = 2, string extra = "")
    {
        var path = Path.Combine(directory, $"video-{size}-{Guid.NewGuid():N}.h264");
        var arguments = new List<string> { "-v", "error", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=25", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-g", "25", "-bf", "0" };
        arguments.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        arguments.AddRange(["-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb", "-f", "h264", "-y", path]);
        var result = ExternalTool.Run("ffmpeg", arguments);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return File.ReadAllBytes(path);
    }

    /// <summary>Encodes testsrc to Annex-B H.265 (libx265) with an access unit delimiter before every frame.</summary>
    public static byte[] EncodeH265(string directory, string size = "320x240", int seconds = 1, string extra = "")
    {
        var path = Path.Combine(directory, $"video-{size}-{Guid.NewGuid():N}.hevc");
        var arguments = new List<string> { "-v", "error", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=25", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx265", "-g", "25" };
        arguments.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        arguments.AddRange(["-x265-params", "log-level=error:aud=1:bframes=0", "-f", "hevc", "-y", path]);
        var result = ExternalTool.Run("ffmpeg", arguments);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return File.ReadAllBytes(path);
    }

    /// <summary>Splits Annex-B H.265 into access units at each AUD (NAL type 35), rebuilt with 4-byte start codes.</summary>
    public static List<byte[]> SplitH265AccessUnits(byte[] annexB) => Split(annexB, nal => AnnexBNalUnits.GetH265NalType(nal) == 35);

    /// <summary>Encodes a 440 Hz sine to AAC LC in ADTS with ffmpeg's native encoder.</summary>
    public static byte[] EncodeAac(string directory, int seconds = 2)
    {
        var path = Path.Combine(directory, $"audio-{Guid.NewGuid():N}.aac");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:a", "aac", "-b:a", "64k", "-f", "adts", "-y", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Splits Annex-B H.264 into access units at each AUD (NAL type 9), rebuilt with 4-byte start codes.</summary>
    public static List<byte[]> SplitAccessUnits(byte[] annexB) => Split(annexB, nal => AnnexBNalUnits.GetH264NalType(nal) == 9);

    private static List<byte[]> Split(byte[] annexB, NalPredicate isDelimiter)
    {
        var units = new List<byte[]>();
        var current = new List<byte>();
        foreach (var nal in AnnexBNalUnits.Enumerate(annexB))
        {
            if (isDelimiter(nal) && current.Count > 0)
            {
                units.Add([.. current]);
                current.Clear();
            }

            current.AddRange([0, 0, 0, 1]);
            current.AddRange(nal.ToArray());
        }

        if (current.Count > 0)
        {
            units.Add([.. current]);
        }

        return units;
    }

    private delegate bool NalPredicate(ReadOnlySpan<byte> nal);

    /// <summary>Splits ADTS into raw AAC frames (headers removed).</summary>
    public static List<(AdtsHeader Header, byte[] Frame)> SplitAdts(byte[] adts)
    {
        var frames = new List<(AdtsHeader, byte[])>();
        var position = 0;
        while (position < adts.Length)
        {
            Assert.That(AdtsHeader.TryParse(adts.AsSpan(position), out var header), Is.True, $"ADTS header at {position}");
            frames.Add((header, adts.AsSpan(position + header.HeaderLength, header.FrameLength - header.HeaderLength).ToArray()));
            position += header.FrameLength;
        }

        return frames;
    }
}
