using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;

/// <summary>Inputs for the frame-source tests: files ffmpeg and mkvmerge write at test time, and hand-built Matroska.</summary>
internal static class SourceInputs
{
    /// <summary>The SPS libx264 writes for 1920x1080 yuv420p (High, level 4.0).</summary>
    public static readonly byte[] Sps1080p = Convert.FromHexString("67640028ACD940780227E5C044000003000400000300F03C60C658");

    /// <summary>The PPS that goes with <see cref="Sps1080p"/>.</summary>
    public static readonly byte[] Pps1080p = Convert.FromHexString("68EBE3CB22C0");

    /// <summary>The avcC of <see cref="Sps1080p"/> and <see cref="Pps1080p"/>.</summary>
    public static readonly byte[] AvcC1080p = AvcDecoderConfigurationRecord.Create(Sps1080p, Pps1080p);

    /// <summary>AAC LC, 48 kHz, mono.</summary>
    public static readonly byte[] AacConfig48kMono = [0x11, 0x88];

    /// <summary>mkvmerge's mux of raw H.264 and ADTS AAC, as mkvmerge writes by default (AAC laced, 8 frames a block).</summary>
    public static string MkvmergeH264Aac(string directory, int seconds = 2)
    {
        ExternalTool.Require("mkvmerge");
        var video = Path.Combine(directory, "video.h264");
        var audio = Path.Combine(directory, "audio.aac");
        File.WriteAllBytes(video, OracleInputs.EncodeH264(directory, seconds: seconds));
        File.WriteAllBytes(audio, OracleInputs.EncodeAac(directory, seconds));
        var output = Path.Combine(directory, "mkvmerge.mkv");
        ExternalTool.RunChecked("mkvmerge", "-q", "-o", output, "--default-duration", "0:25fps", video, audio);
        return output;
    }

    /// <summary>ffmpeg's Matroska of libx264 with B-frames (3, pyramid) and AAC.</summary>
    public static string FfmpegBFrames(string directory)
    {
        var output = Path.Combine(directory, "bframes.mkv");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-c:v", "libx264", "-g", "25", "-bf", "3", "-c:a", "aac", "-f", "matroska", "-y", output);
        return output;
    }

    /// <summary>ffmpeg's Matroska with four tracks: video, audio, video, audio.</summary>
    public static string FfmpegFourTracks(string directory)
    {
        var output = Path.Combine(directory, "four.mkv");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=16000",
            "-t", "1", "-map", "0", "-map", "1", "-map", "2", "-map", "3", "-c:v", "libx264", "-bf", "0", "-c:a", "aac", "-f", "matroska", "-y", output);
        return output;
    }

    /// <summary>ffmpeg's WebM: VP8 and Opus, codecs the source passes through as custom tracks.</summary>
    public static string FfmpegWebm(string directory)
    {
        var output = Path.Combine(directory, "clip.webm");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "1", "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-f", "webm", "-y", output);
        return output;
    }

    /// <summary>
    /// Encodes testsrc (320x240, 25 fps unless <paramref name="rate"/> says otherwise, a key frame every 25) to raw Annex-B with ffmpeg: <paramref name="format"/> is
    /// "h264" (libx264, Annex-B through h264_mp4toannexb, so SPS/PPS before every IDR) or "hevc"
    /// (libx265); <paramref name="codecParameters"/> go to -x264-params / -x265-params.
    /// </summary>
    public static byte[] EncodeAnnexB(string directory, string format, string codecParameters, int seconds = 2, string rate = "25")
    {
        var path = Path.Combine(directory, $"raw-{Guid.NewGuid():N}.{format}");
        List<string> arguments = ["-v", "error", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate={rate}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-g", "25"];
        arguments.AddRange(format == "h264"
            ? ["-c:v", "libx264", "-bf", "0", "-x264-params", codecParameters, "-bsf:v", "h264_mp4toannexb"]
            : ["-c:v", "libx265", "-x265-params", "log-level=error:" + codecParameters]);
        arguments.AddRange(["-f", format, "-y", path]);
        ExternalTool.RunChecked("ffmpeg", [.. arguments]);
        return File.ReadAllBytes(path);
    }

    /// <summary>A track for <see cref="HandBuilt"/>.</summary>
    public sealed record Track(ulong Number, MkvTrackType Type, string CodecId, byte[]? CodecPrivate = null, ulong DefaultDuration = 0, int Width = 0, int Height = 0, double SampleRate = 0, int Channels = 0, int BitDepth = 0);

    /// <summary>A block for <see cref="HandBuilt"/>: one frame, or a lace of several.</summary>
    public sealed record Block(ulong Track, short RelativeTimecode, bool IsKey, MkvLacing Lacing, params byte[][] Frames);

    /// <summary>
    /// A Matroska stream with the given tracks (any numbers) and one Cluster per list of blocks,
    /// written by hand so the tests control what no muxer here writes: odd track numbers, every lacing.
    /// </summary>
    public static byte[] HandBuilt(long timecodeScale, IReadOnlyList<Track> tracks, params (long Timecode, Block[] Blocks)[] clusters)
    {
        var output = new ArrayBufferWriter<byte>();
        var body = new ArrayBufferWriter<byte>();
        body.WriteUnsigned(MkvElementIds.EbmlVersion, 1);
        body.WriteString(MkvElementIds.DocType, "matroska");
        body.WriteUnsigned(MkvElementIds.DocTypeVersion, 4);
        body.WriteUnsigned(MkvElementIds.DocTypeReadVersion, 2);
        Master(output, MkvElementIds.Ebml, body);
        output.WriteUnknownSizeHeader(MkvElementIds.Segment);
        body.WriteUnsigned(MkvElementIds.TimecodeScale, (ulong)timecodeScale);
        Master(output, MkvElementIds.Info, body);

        var entries = new ArrayBufferWriter<byte>();
        foreach (var track in tracks)
        {
            body.WriteUnsigned(MkvElementIds.TrackNumber, track.Number);
            body.WriteUnsigned(MkvElementIds.TrackUid, track.Number + 1000);
            body.WriteUnsigned(MkvElementIds.TrackType, (ulong)track.Type);
            body.WriteString(MkvElementIds.CodecId, track.CodecId);
            if (track.DefaultDuration != 0)
            {
                body.WriteUnsigned(MkvElementIds.DefaultDuration, track.DefaultDuration);
            }

            if (track.CodecPrivate is not null)
            {
                body.WriteBinary(MkvElementIds.CodecPrivate, track.CodecPrivate);
            }

            var child = new ArrayBufferWriter<byte>();
            if (track.Width > 0)
            {
                child.WriteUnsigned(MkvElementIds.PixelWidth, (ulong)track.Width);
                child.WriteUnsigned(MkvElementIds.PixelHeight, (ulong)track.Height);
                Master(body, MkvElementIds.Video, child);
            }

            if (track.SampleRate > 0)
            {
                child.WriteFloat(MkvElementIds.SamplingFrequency, track.SampleRate);
                child.WriteUnsigned(MkvElementIds.Channels, (ulong)track.Channels);
                if (track.BitDepth > 0)
                {
                    child.WriteUnsigned(MkvElementIds.BitDepth, (ulong)track.BitDepth);
                }

                Master(body, MkvElementIds.Audio, child);
            }

            Master(entries, MkvElementIds.TrackEntry, body);
        }

        Master(output, MkvElementIds.Tracks, entries);
        foreach (var (timecode, blocks) in clusters)
        {
            body.WriteUnsigned(MkvElementIds.Timecode, (ulong)timecode);
            foreach (var block in blocks)
            {
                var bytes = BlockBytes(block);
                body.WriteElementHeader(MkvElementIds.SimpleBlock, (ulong)bytes.Length);
                body.Write(bytes);
            }

            Master(output, MkvElementIds.Cluster, body);
        }

        return output.WrittenSpan.ToArray();
    }

    private static byte[] BlockBytes(Block block)
    {
        var bytes = new List<byte>();
        Span<byte> vint = stackalloc byte[8];
        var n = EbmlVarInt.WriteSize(vint, block.Track);
        bytes.AddRange(vint[..n].ToArray());
        bytes.Add((byte)(block.RelativeTimecode >> 8));
        bytes.Add((byte)block.RelativeTimecode);
        bytes.Add((byte)((block.IsKey ? 0x80 : 0) | ((int)block.Lacing << 1)));
        var frames = block.Frames;
        if (block.Lacing != MkvLacing.None)
        {
            bytes.Add((byte)(frames.Length - 1));
        }

        switch (block.Lacing)
        {
            case MkvLacing.Xiph:
                foreach (var frame in frames[..^1])
                {
                    var size = frame.Length;
                    for (; size >= 255; size -= 255)
                    {
                        bytes.Add(255);
                    }

                    bytes.Add((byte)size);
                }

                break;

            case MkvLacing.Ebml when frames.Length > 1:
                n = EbmlVarInt.WriteSize(vint, (ulong)frames[0].Length);
                bytes.AddRange(vint[..n].ToArray());
                for (var i = 1; i < frames.Length - 1; i++)
                {
                    // Signed vint in 2 bytes: value + (2^13 - 1).
                    var raw = frames[i].Length - frames[i - 1].Length + 8191;
                    bytes.Add((byte)(0x40 | (raw >> 8)));
                    bytes.Add((byte)raw);
                }

                break;
        }

        foreach (var frame in frames)
        {
            bytes.AddRange(frame);
        }

        return [.. bytes];
    }

    private static void Master(IBufferWriter<byte> output, uint id, ArrayBufferWriter<byte> body)
    {
        output.WriteElementHeader(id, (ulong)body.WrittenCount);
        output.Write(body.WrittenSpan);
        body.ResetWrittenCount();
    }
}
