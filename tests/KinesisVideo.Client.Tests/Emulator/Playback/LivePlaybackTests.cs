using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>
/// ffprobe reads LIVE HLS and DASH sessions. Players time live sessions by the real clock, so this
/// emulator runs on it (the stored fragments are dated relative to it) and the sessions' windows
/// hold every fragment stored.
/// </summary>
public class LivePlaybackTests : PlaybackTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.TimeProvider = TimeProvider.System;

    [Test]
    public async Task Ffprobe_reads_a_live_hls_session_with_every_frame_in_its_window()
    {
        ExternalTool.Require("ffprobe");
        var count = 2 * Sample.FragmentsPerLoop;
        var stored = Sample.Store(Kvs, Stream, TimeProvider.System.GetUtcNow() - TimeSpan.FromMilliseconds(count * Sample.LoopLength / Sample.FragmentsPerLoop), count);
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", $"\"MaxMediaPlaylistFragmentResults\":{count}");

        // From the window's first segment; end after two reloads bring nothing new.
        var (codecs, packets) = Probe(url, "-live_start_index", "0", "-m3u8_hold_counters", "2");

        var video = codecs.Single(c => c.Value == "h264").Key;
        Assert.That(codecs.Values, Is.EquivalentTo(new[] { "h264", "aac" }));
        Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Size), Is.EqualTo(stored.SelectMany(f => f.Frames.Where(x => x.TrackNumber == 1)).Select(x => x.Data.Length)));
        Assert.That(packets.Count(p => p.Stream != video), Is.EqualTo(stored.Sum(f => f.Frames.Count(x => x.TrackNumber == 2))));
    }

    [Test]
    public async Task Ffprobe_reads_a_live_dash_session_from_its_window_s_first_fragment()
    {
        ExternalTool.Require("ffprobe");
        var count = 2 * Sample.FragmentsPerLoop;
        var stored = Sample.Store(Kvs, Stream, TimeProvider.System.GetUtcNow() - TimeSpan.FromMilliseconds(count * Sample.LoopLength / Sample.FragmentsPerLoop), count);
        var url = await SessionUrlAsync("/getDASHStreamingSessionURL", $"\"MaxManifestFragmentResults\":{count}");

        // A live manifest never ends: ffprobe stops after half as many packets as there are frames.
        var frames = stored.Sum(f => f.Frames.Count);
        var (codecs, packets) = Probe(url, "-read_intervals", $"%+#{frames / 2}");

        var video = codecs.Single(c => c.Value == "h264").Key;
        Assert.That(codecs.Values, Is.EquivalentTo(new[] { "h264", "aac" }));
        var expected = stored.SelectMany(f => f.Frames.Where(x => x.TrackNumber == 1)).Select(x => x.Data.Length).ToList();
        var read = packets.Where(p => p.Stream == video).Select(p => p.Size).ToList();
        Assert.That(read, Has.Count.GreaterThanOrEqualTo(Sample.VideoFramesPerLoop / Sample.FragmentsPerLoop), "at least a fragment's frames within the packet budget");
        Assert.That(read, Is.EqualTo(expected.Take(read.Count)), "the stored frames, in order, from the first");
    }
}
