using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.Mp4;
using static KinesisVideo.Client.Tests.Emulator.Rendering.RenderingInputs;

namespace KinesisVideo.Client.Tests.Emulator.Rendering;

/// <summary>GetClip's progressive MP4 read back: movie and track headers, time-to-sample runs, composition offsets, chunks and the edit list.</summary>
public class ProgressiveMp4Tests
{
    [Test]
    public void Headers_and_sample_tables_describe_every_sample_and_a_later_track_gets_an_empty_edit()
    {
        // Two fragments one second apart: video I P B B (B-frames), audio starting 10 ms after the video.
        var first = Fragment([0, 120, 40, 80], audioFrames: 0);
        var second = Fragment([0, 40], audioFrames: 0, at: Start + TimeSpan.FromSeconds(1));
        var video = new SampleTable(Video);
        video.AddChunk(TrackSamples.Of(first, Video));
        video.AddChunk(TrackSamples.Of(second, Video));
        video.JoinChunks();
        var audio = new SampleTable(Audio);
        audio.AddChunk([.. Enumerable.Range(0, 3).Select(i => new MediaSample((Start.ToUnixTimeMilliseconds() + 10) * 48 + (i * 1024), 1024, 0, true, new byte[10 + i]))]);

        var boxes = Mp4Box.Parse(ProgressiveMp4.Write([video, audio]));
        var traks = Mp4Box.FindAll(boxes, "moov/trak").ToList();
        var stbl = Mp4Box.Find(traks[0].Children, "mdia/minf/stbl");

        Assert.Multiple(() =>
        {
            Assert.That(Mp4Box.Find(boxes, "moov/mvhd").UInt32At(16), Is.EqualTo(1080), "movie duration (ms): video to the end of its last frame");
            Assert.That(Mp4Box.Find(traks[0].Children, "tkhd").UInt32At(20), Is.EqualTo(1080));
            Assert.That(Mp4Box.Find(traks[0].Children, "mdia/mdhd").UInt32At(16), Is.EqualTo(1080 * 90), "media duration at 90 kHz");
            var stts = Mp4Box.Find(stbl.Children, "stts");
            Assert.That(Runs(stts), Is.EqualTo(new[] { (3u, 3600u), (1u, 90_000u - 10_800u), (2u, 3600u) }), "40 ms frames; the gap to the next fragment lengthens the last frame before it");
            var ctts = Mp4Box.Find(stbl.Children, "ctts");
            Assert.That(ctts.UInt32At(0) >> 24, Is.EqualTo(1), "version 1: signed");
            Assert.That(Runs(ctts).Select(r => (r.Count, (int)r.Value)), Is.EqualTo(new[] { (1u, 0), (1u, 7200), (2u, -3600), (2u, 0) }));
            var stsc = Mp4Box.Find(stbl.Children, "stsc");
            Assert.That((stsc.UInt32At(4), stsc.UInt32At(8), stsc.UInt32At(12), stsc.UInt32At(20), stsc.UInt32At(24)), Is.EqualTo((2u, 1u, 4u, 2u, 2u)), "chunk 1 holds 4 samples, chunk 2 holds 2");
            Assert.That(Mp4Box.Find(stbl.Children, "stss").UInt32At(4), Is.EqualTo(2), "one key frame per fragment");
            Assert.That(Mp4Box.FindAll(traks[0].Children, "edts"), Is.Empty, "video starts the movie");
            var elst = Mp4Box.Find(traks[1].Children, "edts/elst");
            Assert.That((elst.UInt32At(4), elst.UInt32At(8), elst.Int32At(12)), Is.EqualTo((2u, 10u, -1)), "an empty edit of 10 ms before the audio");
            Assert.That(Mp4Box.Find(traks[1].Children, "mdia/minf/stbl/stsz").UInt32At(8), Is.EqualTo(3));
        });
    }

    private static List<(uint Count, uint Value)> Runs(Mp4Box box) =>
        [.. Enumerable.Range(0, (int)box.UInt32At(4)).Select(i => (box.UInt32At(8 + (i * 8)), box.UInt32At(12 + (i * 8))))];
}
