using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>The reader against files ffmpeg and mkvmerge wrote, checked packet by packet against ffprobe.</summary>
public class MkvStreamReaderSampleTests
{
    // h264.mkv has B-frames (timestamps out of order), h264_aac.mkv two tracks, blockgroups.mkv
    // BlockGroups (mkvmerge --engage no_simpleblocks --disable-lacing).
    [TestCase("h264.mkv")]
    [TestCase("h264_aac.mkv")]
    [TestCase("blockgroups.mkv")]
    public void Reports_the_same_frames_timestamps_and_keyframes_as_ffprobe(string sample)
    {
        var path = TestInputs.Sample(sample);
        var expected = MkvOracle.FfprobePackets(path);

        var tracks = new List<ulong>();
        var frames = new List<OraclePacket>();
        var input = new ReadOnlySequence<byte>(File.ReadAllBytes(path));
        var reader = new MkvStreamReader();
        while (true)
        {
            var found = reader.TryRead(input, out var item, out var consumed, out _);
            input = input.Slice(consumed);
            if (!found)
            {
                break;
            }

            if (item.Kind == MkvEventKind.TrackEntry)
            {
                tracks.Add(item.TrackEntry!.TrackNumber);
            }
            else if (item.Kind == MkvEventKind.Frame)
            {
                var frame = item.Frame;
                frames.Add(new OraclePacket(tracks.IndexOf(frame.TrackNumber), (long)frame.Timestamp.TotalMilliseconds, frame.IsKeyFrame, (int)frame.Payload.Length));
            }
        }

        reader.ThrowIfTruncated(input);
        Assert.That(expected, Is.Not.Empty);
        Assert.That(frames, Is.EqualTo(expected));
    }

    [Test]
    public void Reports_track_entries_as_ffprobe_sees_them()
    {
        var path = TestInputs.Sample("h264_aac.mkv");
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate,channels", "-of", "csv=p=0", path)
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var fragments = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(File.ReadAllBytes(path)));
        var tracks = fragments.Single().Tracks;

        Assert.That(probe, Has.Length.EqualTo(2));
        Assert.That(tracks[0].CodecId, Is.EqualTo(MkvTrackEntry.H264CodecId));
        Assert.That($"h264,{tracks[0].PixelWidth},{tracks[0].PixelHeight}", Is.EqualTo(probe[0].TrimEnd(',')));
        Assert.That(tracks[1].CodecId, Is.EqualTo(MkvTrackEntry.AacCodecId));
        Assert.That($"aac,{tracks[1].SamplingFrequency},{tracks[1].Channels}", Is.EqualTo(probe[1].TrimStart(',').Replace("aac,,,", "aac,", StringComparison.Ordinal)));
    }

    [Test]
    public void Refuses_laced_blocks_with_a_clear_error()
    {
        // mkvmerge laces AAC by default; the reader refuses lacing rather than guess lace timestamps.
        var info = MkvOracle.MkvinfoText(TestInputs.Sample("laced.mkv"));
        Assert.That(ExternalTool.RunChecked("mkvinfo", "-v", TestInputs.Sample("laced.mkv")).StandardOutput, Does.Contain("8 frame(s)"), info);

        var error = Assert.Throws<MkvFormatException>(() => EventDigest.ReadSequence(new ReadOnlySequence<byte>(TestInputs.ReadSample("laced.mkv"))));
        Assert.That(error!.Message, Does.Contain("Laced blocks are not supported"));
        Assert.That(error.ElementName, Is.EqualTo("SimpleBlock"));
        Assert.That(error.Offset, Is.GreaterThan(0));
    }
}
