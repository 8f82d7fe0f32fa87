using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>
/// What the committed samples lack, encoded by ffmpeg for the test: H.265 (hvcC, hvc1 codec
/// strings, HEVC in MPEG-TS) and H.264 with B-frames (decode order differs from presentation order).
/// </summary>
public class EncodedPlaybackTests : PlaybackTest
{
    private string _folder = null!;

    [OneTimeSetUp]
    public void Encode()
    {
        ExternalTool.Require("ffmpeg");
        ExternalTool.Require("ffprobe");
        _folder = Directory.CreateTempSubdirectory("kvs-encoded-").FullName;
        string[] source = ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-pix_fmt", "yuv420p"];
        ExternalTool.RunChecked("ffmpeg", [.. source, "-c:v", "libx265", "-x265-params", "keyint=25:min-keyint=25:bframes=0:log-level=error", Path.Combine(_folder, "h265.mkv")]);
        ExternalTool.RunChecked("ffmpeg", [.. source, "-c:v", "libx264", "-bf", "2", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0", Path.Combine(_folder, "bframes.mkv")]);
    }

    [OneTimeTearDown]
    public void DeleteEncoded() => Directory.Delete(_folder, recursive: true);

    [TestCase("FRAGMENTED_MP4")]
    [TestCase("MPEG_TS")]
    public async Task H265_plays_over_hls_with_every_frame(string container)
    {
        var sample = PlayableFragments.FromFile(Path.Combine(_folder, "h265.mkv"));
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = sample.Store(Kvs, Stream, start, 2);
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(1)) + $",\"ContainerFormat\":\"{container}\"");

        var master = await GetTextAsync(url);
        var (codecs, packets) = Probe(url);

        Assert.Multiple(() =>
        {
            Assert.That(master, Does.Match("CODECS=\"hvc1\\.1\\.6\\.L\\d+\\.[0-9A-F]+"));
            Assert.That(codecs.Values, Is.EqualTo(new[] { "hevc" }));
            Assert.That(packets, Has.Count.EqualTo(stored.Sum(f => f.Frames.Count)));
            Assert.That(packets.Count(p => p.Key), Is.EqualTo(2));
        });
    }

    [TestCase("/getHLSStreamingSessionURL", "HLSFragmentSelector")]
    [TestCase("/getDASHStreamingSessionURL", "DASHFragmentSelector")]
    public async Task B_frames_keep_their_presentation_times(string operation, string selector)
    {
        var sample = PlayableFragments.FromFile(Path.Combine(_folder, "bframes.mkv"));
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = sample.Store(Kvs, Stream, start, 2);
        var url = await SessionUrlAsync(operation, OnDemand(selector, start, start + TimeSpan.FromMinutes(1)));

        var (_, packets) = Probe(url);

        var expected = stored.SelectMany(f => f.Frames.Select(x => (f.ProducerTimestamp - start).TotalMilliseconds + x.RelativeTimecode)).ToList();
        Assert.That(expected, Is.Not.Ordered, "the encoder wrote B-frames");
        var read = packets.Select(p => Math.Round((p.Time - packets[0].Time) * 1000)).ToList();
        Assert.That(read, Is.EqualTo(expected.Select(e => e - expected[0])), "presentation times in decode order, as stored");
    }
}
