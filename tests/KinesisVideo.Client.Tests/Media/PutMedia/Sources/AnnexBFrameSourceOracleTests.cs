using System.Buffers;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>
/// The Annex-B source against ffmpeg: the access units and key flags of ffprobe's h264/hevc
/// parser, the timestamps of its raw demuxer, and its decoder reading what our writer makes of the
/// source's frames.
/// </summary>
public class AnnexBFrameSourceOracleTests : SourceTest
{
    private static readonly FrameRate Pal = new(25);

    // With and without AUDs, one and several slices per picture, and open GOPs (CRA key frames) with B-frames.
    private static IEnumerable<TestCaseData> Streams()
    {
        yield return new TestCaseData("h264", "aud=1").SetArgDisplayNames("H.264 with AUD");
        yield return new TestCaseData("h264", "slices=4").SetArgDisplayNames("H.264, 4 slices, no AUD");
        yield return new TestCaseData("hevc", "aud=1:bframes=0").SetArgDisplayNames("H.265 with AUD");
        yield return new TestCaseData("hevc", "bframes=0:slices=2").SetArgDisplayNames("H.265, 2 slices, no AUD");
        yield return new TestCaseData("hevc", "keyint=25:min-keyint=25:open-gop=1:bframes=2").SetArgDisplayNames("H.265 open GOP");
    }

    [TestCaseSource(nameof(Streams))]
    public async Task Splits_access_units_and_finds_key_frames_as_ffmpeg_does(string format, string parameters)
    {
        ExternalTool.Require("ffmpeg");
        var input = SourceInputs.EncodeAnnexB(Directory, format, parameters);
        var delimiter = format == "h264" ? 9 : 35;
        var expected = AnnexBOracle.FfprobeAccessUnits(Directory, input, format);

        await using var source = new AnnexBFrameSource(new MemoryStream(input), new AnnexBFrameSourceOptions { FrameRate = Pal });
        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);

        Assert.That(source.Codec, Is.EqualTo(format == "h264" ? AnnexBCodec.H264 : AnnexBCodec.H265));
        Assert.That(source.DroppedAccessUnits, Is.Zero);
        Assert.That(frames, Has.Count.EqualTo(50));
        Assert.That(frames.Select(f => f.IsKeyFrame), Is.EqualTo(expected.Select(e => e.IsKey)));
        Assert.That(frames.Count(f => f.IsKeyFrame), Is.GreaterThanOrEqualTo(2));
        // The source drops the AUDs; every other unit must be the one ffprobe's packet holds.
        Assert.That(frames.Select(f => Describe(AnnexBOracle.SplitAvcc(f.Data), format)), Is.EqualTo(expected.Select(e => Describe(e.Units.Where(u => NalType(u, format) != delimiter), format))));
        Assert.That(tracks.Single().Kind, Is.EqualTo(MkvTrackType.Video));
        Assert.That((tracks[0].Width, tracks[0].Height), Is.EqualTo((320, 240)));
    }

    [TestCase("h264", "aud=1")]
    [TestCase("hevc", "aud=1:bframes=0")]
    public async Task Reads_the_raw_video_ffmpeg_writes_to_its_standard_output(string format, string parameters)
    {
        ExternalTool.Require("ffmpeg");
        var path = Path.Combine(Directory, $"live.{format}");
        File.WriteAllBytes(path, SourceInputs.EncodeAnnexB(Directory, format, parameters));
        var expected = AnnexBOracle.FfprobeAccessUnits(Directory, File.ReadAllBytes(path), format);

        await using var ffmpeg = ToolPipe.Start("ffmpeg", "-v", "error", "-f", format, "-i", path, "-c", "copy", "-f", format, "-");
        var (tracks, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(ffmpeg.Output, new AnnexBFrameSourceOptions { FrameRate = Pal }));

        Assert.That(tracks.Single().Width, Is.EqualTo(320));
        Assert.That(frames.Select(f => f.IsKeyFrame), Is.EqualTo(expected.Select(e => e.IsKey)));
    }

    [Test]
    public async Task Timestamps_come_from_the_frame_rate_without_drift()
    {
        ExternalTool.Require("ffmpeg");
        var input = SourceInputs.EncodeAnnexB(Directory, "h264", "aud=1", rate: "30000/1001");
        var ntsc = new FrameRate(30000, 1001);
        var ffmpegMs = Timestamps(AnnexBOracleMkv(input, "h264", "30000/1001"));

        var (_, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(input), new AnnexBFrameSourceOptions { FrameRate = ntsc }));

        Assert.That(frames.Select(f => f.Timestamp), Is.EqualTo(Enumerable.Range(0, frames.Count).Select(i => TimeSpan.FromTicks(i * 1001L * 10_000_000 / 30000))));
        Assert.That(frames.Select(f => f.Timestamp.TotalMilliseconds), Is.EqualTo(ffmpegMs).Within(1.0));
        Assert.That(ntsc.GetTimestamp(30_000), Is.EqualTo(TimeSpan.FromSeconds(1001)));
    }

    [TestCase("h264", true)]
    [TestCase("h264", false)]
    [TestCase("hevc", true)]
    [TestCase("hevc", false)]
    public async Task The_frames_written_by_the_KVS_writer_decode_in_ffmpeg_without_errors(string format, bool inBandParameterSets)
    {
        ExternalTool.Require("ffmpeg");
        var input = SourceInputs.EncodeAnnexB(Directory, format, format == "h264" ? "aud=1" : "aud=1:bframes=0");
        var options = new AnnexBFrameSourceOptions { FrameRate = Pal, InBandParameterSets = inBandParameterSets };

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(input), options));
        var path = Path.Combine(Directory, $"roundtrip-{format}-{inBandParameterSets}.mkv");
        File.WriteAllBytes(path, WriteKvsMkv(tracks, frames));

        var decode = ExternalTool.RunChecked("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-");
        Assert.That(decode.StandardError, Is.Empty);
        var count = ExternalTool.RunChecked("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames,codec_name,width,height", "-of", "csv=p=0", path);
        Assert.That(count.StandardOutput.Trim(), Is.EqualTo($"{(format == "h264" ? "h264" : "hevc")},320,240,{frames.Count}"));
        var hasParameterSets = frames.Where(f => f.IsKeyFrame).Select(f => AnnexBOracle.SplitAvcc(f.Data).Any(u => NalType(u, format) is 7 or 33)).Distinct().Single();
        Assert.That(hasParameterSets, Is.EqualTo(inBandParameterSets));
    }

    [Test]
    public async Task The_track_carries_the_streams_own_parameter_sets()
    {
        ExternalTool.Require("ffmpeg");
        var input = SourceInputs.EncodeAnnexB(Directory, "h264", "aud=1");
        Assert.That(AvcDecoderConfigurationRecord.TryCreateFromAnnexB(OracleInputs.SplitAccessUnits(input)[0], out var expected), Is.True);

        await using var source = new AnnexBFrameSource(new MemoryStream(input), new AnnexBFrameSourceOptions { FrameRate = Pal, Codec = AnnexBCodec.H264 });
        var track = (await source.ReadTracksAsync(CancellationToken.None)).Single();

        Assert.That(track.CodecId, Is.EqualTo(MkvTrackEntry.H264CodecId));
        Assert.That(track.CodecPrivate.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Access_units_before_the_first_key_frame_are_dropped_and_counted()
    {
        ExternalTool.Require("ffmpeg");
        var units = OracleInputs.SplitAccessUnits(SourceInputs.EncodeAnnexB(Directory, "h264", "aud=1"));
        byte[] midGop = [.. units.Skip(5).SelectMany(u => u)];
        // The first IDR without its SPS and PPS: it cannot start the stream, the next one (with them) does.
        var stripped = NalUnits(units[0]).Where(n => AnnexBNalUnits.GetH264NalType(n) is not (7 or 8)).SelectMany(n => (byte[])[0, 0, 0, 1, .. n]);
        byte[] noParameterSets = [.. stripped, .. units.Skip(1).SelectMany(u => u)];

        await using var fromMidGop = new AnnexBFrameSource(new MemoryStream(midGop), new AnnexBFrameSourceOptions { FrameRate = Pal });
        var (_, frames) = await SourceFrames.ReadAllAsync(fromMidGop);
        await using var withoutParameterSets = new AnnexBFrameSource(new MemoryStream(noParameterSets), new AnnexBFrameSourceOptions { FrameRate = Pal });
        var (_, later) = await SourceFrames.ReadAllAsync(withoutParameterSets);

        Assert.That((fromMidGop.DroppedAccessUnits, frames.Count, frames[0].IsKeyFrame, frames[0].Timestamp), Is.EqualTo((20L, 25, true, TimeSpan.Zero)));
        Assert.That((withoutParameterSets.DroppedAccessUnits, later.Count, later[0].IsKeyFrame), Is.EqualTo((25L, 25, true)));
    }

    private static List<double> Timestamps(string mkv) => [.. MkvOracle.FfprobePackets(mkv).Select(p => (double)p.TimestampMs)];

    private string AnnexBOracleMkv(byte[] input, string format, string frameRate)
    {
        var raw = Path.Combine(Directory, $"rate-{Guid.NewGuid():N}.{format}");
        File.WriteAllBytes(raw, input);
        var mkv = Path.ChangeExtension(raw, ".mkv");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-f", format, "-framerate", frameRate, "-i", raw, "-c", "copy", "-y", mkv);
        return mkv;
    }

    private static byte[] WriteKvsMkv(IReadOnlyList<MediaTrack> tracks, List<CopiedFrame> frames)
    {
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [.. tracks.Select((t, i) => t.ToTrackEntry((ulong)i + 1))] });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        foreach (var frame in frames)
        {
            writer.WriteFrame(output, frame.TrackNumber, (long)frame.Timestamp.TotalMilliseconds, frame.IsKeyFrame, frame.Data);
        }

        writer.WriteEndOfFragment(output);
        return output.WrittenSpan.ToArray();
    }

    private static List<byte[]> NalUnits(byte[] annexB)
    {
        var units = new List<byte[]>();
        foreach (var nal in AnnexBNalUnits.Enumerate(annexB))
        {
            units.Add(nal.ToArray());
        }

        return units;
    }

    private static int NalType(byte[] unit, string format) =>
        format == "h264" ? AnnexBNalUnits.GetH264NalType(unit) : AnnexBNalUnits.GetH265NalType(unit);

    private static string Describe(IEnumerable<byte[]> units, string format) =>
        string.Join(" ", units.Select(u => $"{NalType(u, format)}:{u.Length}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(u))[..8]}"));
}
