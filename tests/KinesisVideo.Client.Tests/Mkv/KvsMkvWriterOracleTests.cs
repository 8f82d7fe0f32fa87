using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// Files the KVS writer makes from ffmpeg-encoded inputs, checked by ffprobe -show_packets and
/// mkvinfo: no errors, and the same frames, key frames and timestamps as the input.
/// </summary>
public class KvsMkvWriterOracleTests
{
    // ABSOLUTE fragment timecodes are epoch milliseconds, as the AWS producers send them.
    private const long Epoch = 1_700_000_000_000;

    private string _directory = null!;

    [OneTimeSetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kvs-mkv-writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void H264_stream_passes_ffprobe_and_mkvinfo_with_the_input_frames()
    {
        ExternalTool.Require("ffmpeg");
        var units = OracleInputs.SplitAccessUnits(OracleInputs.EncodeH264(_directory));
        var video = VideoTrack(units[0]);
        var frames = units.Select((u, i) => new InputFrame(1, Epoch + (i * 40), AnnexBNalUnits.ContainsH264Idr(u), AnnexBNalUnits.ConvertToAvcc(u))).ToList();

        var path = Write([video], frames, out _);

        Assert.That(frames, Has.Count.EqualTo(50));
        Assert.That(frames.Count(f => f.IsKey), Is.EqualTo(2));
        CheckWithOracles(path, frames, clusters: 2);
    }

    [Test]
    public void H264_with_AAC_passes_ffprobe_and_mkvinfo_with_the_input_frames()
    {
        ExternalTool.Require("ffmpeg");
        var units = OracleInputs.SplitAccessUnits(OracleInputs.EncodeH264(_directory));
        var adts = OracleInputs.SplitAdts(OracleInputs.EncodeAac(_directory));
        var header = adts[0].Header;
        var audio = new MkvTrackEntry
        {
            TrackNumber = 2,
            TrackType = MkvTrackType.Audio,
            CodecId = MkvTrackEntry.AacCodecId,
            CodecPrivate = AacAudioSpecificConfig.Create(header.ObjectType, header.SampleRate, header.Channels),
            SamplingFrequency = header.SampleRate,
            Channels = header.Channels,
            Name = "audio",
        };
        var videoFrames = units.Select((u, i) => new InputFrame(1, Epoch + (i * 40), AnnexBNalUnits.ContainsH264Idr(u), AnnexBNalUnits.ConvertToAvcc(u)));
        var audioFrames = adts.Select((a, i) => new InputFrame(2, Epoch + (i * 1024L * 1000 / header.SampleRate), true, a.Frame));
        var frames = videoFrames.Concat(audioFrames).OrderBy(f => f.Timecode).ThenBy(f => f.Track).ToList();

        var path = Write([VideoTrack(units[0]), audio], frames, out _);

        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", path).StandardOutput;
        Assert.That(probe, Does.Contain($"aac,{header.SampleRate},{header.Channels}"));
        Assert.That(audioFrames.Count(), Is.GreaterThan(80));
        CheckWithOracles(path, frames, clusters: 2);
    }

    [Test]
    public void Metadata_and_end_of_fragment_tags_are_level_1_tags_mkvinfo_reads()
    {
        ExternalTool.Require("ffmpeg");
        var units = OracleInputs.SplitAccessUnits(OracleInputs.EncodeH264(_directory, seconds: 1));
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [VideoTrack(units[0])] });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        writer.WriteFragmentMetadata(output, "camera", "front door");
        for (var i = 0; i < units.Count; i++)
        {
            writer.WriteFrame(output, 1, Epoch + (i * 40), i == 0, AnnexBNalUnits.ConvertToAvcc(units[i]));
        }

        writer.WriteEndOfFragment(output);
        var path = Path.Combine(_directory, "tags.mkv");
        File.WriteAllBytes(path, output.WrittenSpan.ToArray());

        var info = MkvOracle.MkvinfoText(path);
        Assert.That(info, Does.Contain("+ Name: camera").And.Contain("+ String: front door"));
        Assert.That(info, Does.Contain("+ Name: AWS_KINESISVIDEO_END_OF_FRAGMENT"));
        Assert.That(MkvOracle.FfprobePackets(path), Has.Count.EqualTo(25));
        var fragment = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(output.WrittenMemory)).Single();
        Assert.That(fragment.OtherTags.Select(t => $"{t.Name}={t.Value}"), Is.EqualTo(new[] { "camera=front door" }));
        Assert.That(fragment.KinesisVideoTags[KvsFragmentTagNames.EndOfFragment], Is.Empty);
    }

    [Test]
    public void H265_stream_passes_ffprobe_mkvinfo_and_decodes_with_ffmpeg()
    {
        ExternalTool.Require("ffmpeg");
        var units = OracleInputs.SplitH265AccessUnits(OracleInputs.EncodeH265(_directory, "352x198", seconds: 2));
        Assert.That(HevcDecoderConfigurationRecord.TryCreateFromAnnexB(units[0], out var record), Is.True);
        var sps = AnnexBNalUnits.Enumerate(units[0]).ToArrayOfType(33);
        Assert.That(H265SequenceParameterSet.TryParse(sps, out var parsed), Is.True);
        var track = new MkvTrackEntry
        {
            TrackNumber = 1,
            TrackType = MkvTrackType.Video,
            CodecId = MkvTrackEntry.H265CodecId,
            CodecPrivate = record,
            PixelWidth = parsed.Width,
            PixelHeight = parsed.Height,
        };
        var frames = units.Select((u, i) => new InputFrame(1, Epoch + (i * 40), AnnexBNalUnits.ContainsH265RandomAccessPoint(u), AnnexBNalUnits.ConvertToAvcc(u))).ToList();

        var path = Write([track], frames, out _);

        Assert.That(frames.Count(f => f.IsKey), Is.EqualTo(2));
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path).StandardOutput.Trim();
        Assert.That(probe, Is.EqualTo("hevc,352,198"));
        CheckWithOracles(path, frames, clusters: 2);
    }

    private static MkvTrackEntry VideoTrack(byte[] firstAccessUnit)
    {
        Assert.That(AvcDecoderConfigurationRecord.TryCreateFromAnnexB(firstAccessUnit, out var record), Is.True);
        Assert.That(AvcDecoderConfigurationRecord.TryGetParameterSets(record, out var sps, out _), Is.True);
        Assert.That(H264SequenceParameterSet.TryParse(sps, out var parsed), Is.True);
        return new MkvTrackEntry
        {
            TrackNumber = 1,
            TrackType = MkvTrackType.Video,
            CodecId = MkvTrackEntry.H264CodecId,
            CodecPrivate = record,
            PixelWidth = parsed.Width,
            PixelHeight = parsed.Height,
            Name = "video",
        };
    }

    private string Write(MkvTrackEntry[] tracks, List<InputFrame> frames, out int fragmentsStarted)
    {
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = tracks });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        fragmentsStarted = 0;
        foreach (var frame in frames)
        {
            var predicted = writer.StartsFragment(frame.Track, frame.Timecode, frame.IsKey);
            var started = writer.WriteFrame(output, frame.Track, frame.Timecode, frame.IsKey, frame.Payload);
            Assert.That(started, Is.EqualTo(predicted));
            fragmentsStarted += started ? 1 : 0;
        }

        var path = Path.Combine(_directory, $"written-{Guid.NewGuid():N}.mkv");
        File.WriteAllBytes(path, output.WrittenSpan.ToArray());
        return path;
    }

    private static void CheckWithOracles(string path, List<InputFrame> frames, int clusters)
    {
        var expected = frames.Select(f => new OraclePacket((int)f.Track - 1, f.Timecode, f.IsKey, f.Payload.Length)).ToList();
        Assert.That(MkvOracle.FfprobePackets(path), Is.EqualTo(expected), "ffprobe -show_packets");

        var blocks = MkvOracle.MkvinfoBlocks(path);
        Assert.That(blocks, Is.EqualTo(expected.Select(p => p with { StreamIndex = p.StreamIndex + 1 })), "mkvinfo -v");
        Assert.That(MkvOracle.MkvinfoText(path).Split('\n').Count(l => l.StartsWith("|+ Cluster", StringComparison.Ordinal)), Is.EqualTo(clusters));

        // The codec private data and frames are right if ffmpeg decodes every frame without complaint.
        var decode = ExternalTool.RunChecked("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-");
        Assert.That(decode.StandardError, Is.Empty, "ffmpeg decode");

        // And our own reader gives back the bytes written.
        var fragment = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(File.ReadAllBytes(path))).Single();
        Assert.That(fragment.Frames.Select(f => (f.TrackNumber, f.Timecode, f.IsKeyFrame)), Is.EqualTo(frames.Select(f => (f.Track, f.Timecode, f.IsKey))));
        Assert.That(fragment.Frames.Select(f => f.Data.ToArray()), Is.EqualTo(frames.Select(f => f.Payload)));
    }
}
