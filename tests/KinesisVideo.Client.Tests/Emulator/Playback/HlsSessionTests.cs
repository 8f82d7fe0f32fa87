using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>HLS sessions over real H.264 and AAC fragments, read by ffprobe and ffmpeg from the session URL.</summary>
public class HlsSessionTests : PlaybackTest
{
    private const string Hls = "/getHLSStreamingSessionURL";

    [TestCase("FRAGMENTED_MP4")]
    [TestCase("MPEG_TS")]
    public async Task Ffprobe_reads_an_on_demand_session_with_every_frame_and_the_codecs(string container)
    {
        ExternalTool.Require("ffprobe");
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 3 * Sample.FragmentsPerLoop);
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(1)) + $",\"ContainerFormat\":\"{container}\"");

        var (codecs, packets) = Probe(url);

        Assert.Multiple(() =>
        {
            Assert.That(codecs.Values, Is.EquivalentTo(new[] { "h264", "aac" }));
            var video = codecs.Single(c => c.Value == "h264").Key;
            var audio = codecs.Single(c => c.Value == "aac").Key;
            Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Size), Is.EqualTo(FrameSizes(stored, 1, container == "MPEG_TS")), "video frames in order");
            Assert.That(packets.Count(p => p.Stream == audio), Is.EqualTo(stored.Sum(f => f.Frames.Count(x => x.TrackNumber == 2))), "audio frames");
            Assert.That(packets.Where(p => p.Stream == video && p.Key).Count(), Is.EqualTo(stored.Count), "one key frame per fragment");
        });
    }

    [Test]
    public async Task Ffmpeg_copies_an_hls_session_into_an_mp4_with_the_same_frames()
    {
        ExternalTool.Require("ffmpeg");
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 2 * Sample.FragmentsPerLoop);
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(1)));
        var output = TempFile(".mp4");

        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-i", url, "-map", "0", "-c", "copy", "-y", output);
        var (codecs, packets) = Probe(output);

        var video = codecs.Single(c => c.Value == "h264").Key;
        Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Size), Is.EqualTo(FrameSizes(stored, 1, false)));
        Assert.That(packets.Count(p => p.Stream != video), Is.EqualTo(stored.Sum(f => f.Frames.Count(x => x.TrackNumber == 2))));
    }

    // What each frame of a track is as a player reads it: the stored bytes for MP4; for MPEG-TS an
    // access unit delimiter (6 bytes with its start code) and, on key frames, the parameter sets
    // with their start codes, and 4-byte start codes instead of the 4-byte lengths.
    private List<int> FrameSizes(List<StoredFragment> stored, ulong track, bool annexB)
    {
        var parameterSets = 0;
        if (annexB)
        {
            KinesisVideo.Client.Mkv.Codecs.AvcDecoderConfigurationRecord.TryGetParameterSets(Sample.Header.Tracks[0].CodecPrivate.Span, out var sps, out var pps);
            parameterSets = 4 + sps.Length + 4 + pps.Length;
        }

        return [.. stored.SelectMany(f => f.Frames.Where(x => x.TrackNumber == track)).Select(x => x.Data.Length + (annexB ? 6 + (x.IsKeyFrame ? parameterSets : 0) : 0))];
    }
}
