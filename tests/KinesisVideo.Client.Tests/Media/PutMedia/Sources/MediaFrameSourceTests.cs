using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>Choosing the source by the first bytes, without losing them.</summary>
public class MediaFrameSourceTests : SourceTest
{
    private static readonly MediaFrameSourceOptions WithFrameRate = new() { AnnexB = new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25) } };

    [TestCase(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x01 }, MediaInputFormat.Matroska, false)]
    [TestCase(new byte[] { 0x1A, 0x45, 0xDF }, MediaInputFormat.Unknown, true)]
    [TestCase(new byte[] { 0, 0, 0, 1, 0x67 }, MediaInputFormat.AnnexB, false)]
    [TestCase(new byte[] { 0, 0, 1, 0x40, 0x01 }, MediaInputFormat.AnnexB, false)]
    [TestCase(new byte[] { 0, 0, 0, 0, 0, 0 }, MediaInputFormat.Unknown, true)]
    [TestCase(new byte[] { }, MediaInputFormat.Unknown, true)]
    [TestCase(new byte[] { 0, 1, 0x67 }, MediaInputFormat.Unknown, false)]
    [TestCase(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70 }, MediaInputFormat.Unknown, false)]
    [TestCase(new byte[] { 0x47, 0x40, 0x00, 0x10 }, MediaInputFormat.Unknown, false)]
    public void Identifies_the_format_by_the_first_bytes(byte[] start, MediaInputFormat format, bool needMoreData)
    {
        Assert.That(MediaFrameSource.Identify(start, out var more), Is.EqualTo(format));
        Assert.That(more, Is.EqualTo(needMoreData));
    }

    [Test]
    public async Task Opens_Matroska_as_the_Matroska_source_with_no_byte_lost_even_one_byte_at_a_time()
    {
        var data = TestInputs.ReadSample("h264_aac.mkv");
        var direct = await SourceFrames.DescribeAsync(input => new MkvFrameSource(input), new FeedingPipeReader(data, []));

        var source = await MediaFrameSource.OpenAsync(new FeedingPipeReader(data, 1), WithFrameRate);

        Assert.That(source, Is.InstanceOf<MkvFrameSource>());
        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);
        Assert.That(SourceFrames.Describe(tracks, frames), Is.EqualTo(direct));
    }

    [TestCase("h264", "aud=1", AnnexBCodec.H264)]
    [TestCase("hevc", "aud=1:bframes=0", AnnexBCodec.H265)]
    [TestCase("h264", "slices=2", AnnexBCodec.H264)]
    public async Task Opens_raw_video_as_the_Annex_B_source_that_tells_the_codec(string format, string parameters, AnnexBCodec codec)
    {
        ExternalTool.Require("ffmpeg");
        byte[] data = [0, 0, 0, 0, .. SourceInputs.EncodeAnnexB(Directory, format, parameters, seconds: 1)];
        var direct = await SourceFrames.DescribeAsync(input => new AnnexBFrameSource(input, WithFrameRate.AnnexB!), new FeedingPipeReader(data, []));

        var source = await MediaFrameSource.OpenAsync(new NonSeekableStream(data, maxRead: 3), WithFrameRate);

        Assert.That(source, Is.InstanceOf<AnnexBFrameSource>());
        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);
        Assert.That(((AnnexBFrameSource)source).Codec, Is.EqualTo(codec));
        Assert.That(SourceFrames.Describe(tracks, frames), Is.EqualTo(direct));
    }

    [Test]
    public async Task Opens_a_file()
    {
        var source = await MediaFrameSource.OpenFileAsync(TestInputs.Sample("h264.mkv"));

        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);

        Assert.That(tracks, Has.Count.EqualTo(1));
        Assert.That(frames, Has.Count.EqualTo(MkvOracle.FfprobePackets(TestInputs.Sample("h264.mkv")).Count));
    }

    [Test]
    public void Raw_video_without_a_frame_rate_is_refused_and_the_input_closed()
    {
        var pipe = new FeedingPipeReader([0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28], []);

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await MediaFrameSource.OpenAsync(pipe));

        Assert.That(error!.Message, Does.Contain("FrameRate"));
        Assert.That(pipe.IsCompleted, Is.True);
    }

    [TestCase(new byte[] { }, "empty")]
    [TestCase(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D }, "0000001866747970")]
    public void Other_input_is_a_format_error_that_closes_the_input_unless_left_open(byte[] data, string message)
    {
        var owned = new FeedingPipeReader(data, []);
        var kept = new FeedingPipeReader(data, []);

        Assert.That(async () => await MediaFrameSource.OpenAsync(owned, WithFrameRate), Throws.TypeOf<FormatException>().With.Message.Contains(message));
        Assert.That(async () => await MediaFrameSource.OpenAsync(kept, WithFrameRate, leaveOpen: true), Throws.TypeOf<FormatException>());
        Assert.That((owned.IsCompleted, kept.IsCompleted), Is.EqualTo((true, false)));
    }

    [Test]
    public void Zero_bytes_without_a_start_code_are_not_recognized()
    {
        var pipe = new FeedingPipeReader(new byte[5000], 100);

        Assert.That(async () => await MediaFrameSource.OpenAsync(pipe, WithFrameRate), Throws.TypeOf<FormatException>().With.Message.Contains("neither Matroska"));
    }
}
