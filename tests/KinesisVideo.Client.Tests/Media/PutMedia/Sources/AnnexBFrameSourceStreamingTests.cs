using System.IO.Pipelines;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>
/// The Annex-B source as a streaming reader: every cut of the input gives the same frames, memory
/// stays within the access-unit limit, and what is not Annex-B H.264/H.265 gives typed errors.
/// </summary>
public class AnnexBFrameSourceStreamingTests : SourceTest
{
    private static readonly AnnexBFrameSourceOptions Options = new() { FrameRate = new FrameRate(25) };

    private readonly Dictionary<string, byte[]> _inputs = [];

    private static Func<PipeReader, IMediaFrameSource> Open => input => new AnnexBFrameSource(input, Options);

    [TestCase("h264", "aud=1")]
    [TestCase("hevc", "bframes=0:slices=2")]
    public async Task Every_two_part_cut_gives_the_same_frames_as_the_whole(string format, string parameters)
    {
        var data = Input(format, parameters, seconds: 1);
        var whole = await SourceFrames.AssertEveryTwoPartCutGivesTheWholeAsync(Open, data);

        Assert.That(whole, Has.Count.EqualTo(26));
    }

    [TestCase("h264", "slices=4")]
    [TestCase("hevc", "aud=1:bframes=0")]
    public async Task Revealing_the_input_a_few_bytes_at_a_time_gives_the_same_frames(string format, string parameters)
    {
        var data = Input(format, parameters);
        var whole = await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, []));

        foreach (var step in new[] { 1, 2, 3, 4, 5, 64, 4096 })
        {
            Assert.That(await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, step)), Is.EqualTo(whole), $"step {step}");
        }

        var random = new Random(3);
        Assert.That(await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, [.. Enumerable.Range(0, 300).Select(_ => random.Next(1, data.Length))])), Is.EqualTo(whole), "random cuts");
    }

    [TestCase("h264", "aud=1")]
    [TestCase("hevc", "aud=1:bframes=0")]
    public async Task A_stream_that_cannot_seek_gives_the_same_frames_and_is_disposed_with_the_source(string format, string parameters)
    {
        var data = Input(format, parameters);
        var whole = await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, []));
        var stream = new NonSeekableStream(data, seed: 5, maxRead: 900);

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(stream, new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25), StreamReadSize = 2048 }));

        Assert.That(SourceFrames.Describe(tracks, frames), Is.EqualTo(whole));
        Assert.That(stream.IsDisposed, Is.True);
    }

    [Test]
    public async Task An_access_unit_above_the_limit_is_refused_before_more_of_it_is_buffered()
    {
        // SPS, PPS and an IDR slice of 200 KB (no zero bytes, so no start code inside), then more frames.
        var sps = SourceInputs.Sps1080p;
        byte[] slice = [0x65, 0x88, .. Enumerable.Repeat((byte)0x5A, 200 * 1024)];
        byte[] data = [0, 0, 0, 1, .. sps, 0, 0, 0, 1, .. SourceInputs.Pps1080p, 0, 0, 0, 1, .. slice, 0, 0, 0, 1, 0x41, 0x9A, 1, 2, 3];
        var pipe = new FeedingPipeReader(data, 1000);
        await using var source = new AnnexBFrameSource(pipe, new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25), MaxAccessUnitSize = 64 * 1024 });

        var error = Assert.ThrowsAsync<AnnexBFormatException>(async () => await source.ReadTracksAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("MaxAccessUnitSize (65536 bytes)"));
        Assert.That(error.Offset, Is.Zero);
        Assert.That(pipe.Revealed, Is.LessThanOrEqualTo((64 * 1024) + 1000));
        var (_, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(data), new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25), MaxAccessUnitSize = 256 * 1024 }));
        Assert.That(frames.Select(f => f.Data.Length), Is.EqualTo(new[] { 4 + sps.Length + 4 + SourceInputs.Pps1080p.Length + 4 + slice.Length, 4 + 5 }));
    }

    [TestCase(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D }, "does not start with an Annex-B start code", TestName = "An MP4 header")]
    [TestCase(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86 }, "does not start with an Annex-B start code", TestName = "A Matroska header")]
    [TestCase(new byte[] { 0, 0, 1, 0xFF, 0x01, 0x02 }, "neither a usual first unit of H.264 nor of H.265", TestName = "An unknown first NAL unit")]
    [TestCase(new byte[] { }, "ended after 0 access units", TestName = "An empty input")]
    [TestCase(new byte[] { 0, 0, 0, 0 }, "ended after 0 access units", TestName = "Only zero bytes")]
    public void Input_that_is_not_Annex_B_video_is_a_typed_error(byte[] data, string message)
    {
        var source = new AnnexBFrameSource(new NonSeekableStream(data), Options);

        var error = Assert.ThrowsAsync<AnnexBFormatException>(async () => await source.ReadTracksAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public async Task Every_truncation_gives_a_prefix_of_the_frames_or_a_typed_error()
    {
        var data = Input("h264", "aud=1", seconds: 1);
        var (_, all) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(data), Options));
        for (var length = 0; length < data.Length; length += length < 4000 ? 1 : 13)
        {
            try
            {
                var (_, frames) = await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(data[..length]), Options));
                // Only the last frame may be cut short.
                Assert.That(frames.Count, Is.LessThanOrEqualTo(all.Count));
                Assert.That(frames.SkipLast(1).Select(f => f.ToString()), Is.EqualTo(all.Take(frames.Count - 1).Select(f => f.ToString())), $"cut to {length}");
            }
            catch (AnnexBFormatException)
            {
            }
        }
    }

    [Test]
    public async Task Corrupted_input_gives_only_typed_errors()
    {
        var data = Input("hevc", "aud=1:bframes=0", seconds: 1);
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])data.Clone();
            for (var j = random.Next(1, 6); j > 0; j--)
            {
                copy[random.Next(Math.Min(copy.Length, 3000))] = (byte)random.Next(256);
            }

            try
            {
                await SourceFrames.ReadAllAsync(new AnnexBFrameSource(new MemoryStream(copy), Options));
            }
            catch (AnnexBFormatException)
            {
            }
        }
    }

    [Test]
    public void Options_are_checked_when_the_source_is_made()
    {
        var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => _ = new AnnexBFrameSource(stream, new AnnexBFrameSourceOptions { FrameRate = default }));
        Assert.Throws<ArgumentException>(() => _ = new AnnexBFrameSource(stream, new AnnexBFrameSourceOptions { FrameRate = new FrameRate(1001, 1) }));
        Assert.Throws<ArgumentException>(() => _ = new AnnexBFrameSource(stream, new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25), Codec = (AnnexBCodec)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AnnexBFrameSource(stream, new AnnexBFrameSourceOptions { FrameRate = new FrameRate(25), MaxAccessUnitSize = 100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FrameRate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FrameRate(25, -1));
    }

    [TestCase("25", 25, 1)]
    [TestCase("30000/1001", 30000, 1001)]
    [TestCase("24000/1001", 24000, 1001)]
    public void Frame_rates_parse_and_print_as_ratios(string text, int numerator, int denominator)
    {
        var rate = FrameRate.Parse(text);

        Assert.That((rate.Numerator, rate.Denominator, rate.ToString()), Is.EqualTo((numerator, denominator, text)));
    }

    [TestCase("")]
    [TestCase("29.97")]
    [TestCase("0")]
    [TestCase("30/0")]
    [TestCase("-25")]
    [TestCase("25/")]
    public void Other_frame_rate_texts_are_refused(string text)
    {
        Assert.That(FrameRate.TryParse(text, out _), Is.False);
        Assert.Throws<FormatException>(() => FrameRate.Parse(text));
    }

    [Test]
    public void A_frame_timestamp_is_computed_from_its_index_not_accumulated()
    {
        var ntsc = new FrameRate(30000, 1001);
        var accumulated = TimeSpan.Zero;
        var duration = ntsc.GetTimestamp(1);
        for (var i = 1; i <= 300_000; i++)
        {
            accumulated += duration;
        }

        Assert.That(ntsc.GetTimestamp(300_000), Is.EqualTo(TimeSpan.FromSeconds(10_010)));
        Assert.That(accumulated, Is.Not.EqualTo(TimeSpan.FromSeconds(10_010)), "adding rounded durations drifts");
        Assert.That(default(FrameRate).IsValid, Is.False);
    }

    [Test]
    public async Task Leave_open_keeps_the_pipe_and_the_stream()
    {
        var data = Input("h264", "aud=1");
        var pipe = new FeedingPipeReader(data, 500);
        var source = new AnnexBFrameSource(pipe, Options, leaveOpen: true);
        await source.ReadTracksAsync(CancellationToken.None);
        await source.DisposeAsync();
        Assert.That(pipe.IsCompleted, Is.False);
        var next = await pipe.ReadAsync();
        Assert.That(next.Buffer.Length, Is.Positive);

        var stream = new NonSeekableStream(data);
        await new AnnexBFrameSource(stream, Options, leaveOpen: true).DisposeAsync();
        Assert.That(stream.IsDisposed, Is.False);
    }

    private byte[] Input(string format, string parameters, int seconds = 2)
    {
        ExternalTool.Require("ffmpeg");
        var key = $"{format} {parameters} {seconds}";
        if (!_inputs.TryGetValue(key, out var data))
        {
            data = SourceInputs.EncodeAnnexB(Directory, format, parameters, seconds);
            _inputs[key] = data;
        }

        return data;
    }
}
