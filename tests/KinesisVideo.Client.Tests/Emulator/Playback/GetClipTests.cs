using System.Net;
using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Emulator.Rendering;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>GetClip's MP4: the range's frames, checked box by box, by ffprobe, mkvmerge and AtomicParsley; the documented limits and errors.</summary>
public class GetClipTests : PlaybackTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) =>
        options.Media = options.Media with { MaxClipFragments = 5 };

    [Test]
    public async Task Ffprobe_reads_the_clip_with_the_range_s_frames_and_codecs()
    {
        ExternalTool.Require("ffprobe");
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 4);

        // The second and third fragments: starts 1 s and 2 s after the first.
        var clip = await ClipAsync(start + TimeSpan.FromSeconds(0.5), start + TimeSpan.FromSeconds(2));
        var path = TempFile(".mp4");
        await File.WriteAllBytesAsync(path, clip);
        var (codecs, packets) = Probe(path);

        var video = codecs.Single(c => c.Value == "h264").Key;
        var audio = codecs.Single(c => c.Value == "aac").Key;
        var range = stored.Skip(1).Take(2).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Size), Is.EqualTo(range.SelectMany(f => f.Frames.Where(x => x.TrackNumber == 1)).Select(x => x.Data.Length)));
            Assert.That(packets.Count(p => p.Stream == audio), Is.EqualTo(range.Sum(f => f.Frames.Count(x => x.TrackNumber == 2))));
            Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Time).First(), Is.Zero, "the clip starts at 0");
            Assert.That(packets.Where(p => p.Stream == video && p.Key).Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_clip_s_sample_tables_point_at_the_frames_and_mkvmerge_and_AtomicParsley_read_it()
    {
        ExternalTool.Require("mkvmerge");
        ExternalTool.Require("AtomicParsley");
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 2);
        var clip = await ClipAsync(start, start + TimeSpan.FromSeconds(10));
        var boxes = Mp4Box.Parse(clip);
        var path = TempFile(".mp4");
        await File.WriteAllBytesAsync(path, clip);

        var video = Mp4Box.FindAll(boxes, "moov/trak").First();
        var stbl = Mp4Box.Find(video.Children, "mdia/minf/stbl");
        var sizes = Mp4Box.Find(stbl.Children, "stsz");
        var offsets = Mp4Box.Find(stbl.Children, "stco");
        var frames = stored.SelectMany(f => f.Frames.Where(x => x.TrackNumber == 1)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(boxes.Select(b => b.Type), Is.EqualTo(new[] { "ftyp", "moov", "mdat" }), "moov before mdat");
            Assert.That(sizes.UInt32At(8), Is.EqualTo(frames.Count));
            Assert.That(Enumerable.Range(0, frames.Count).Select(i => (int)sizes.UInt32At(12 + (i * 4))), Is.EqualTo(frames.Select(f => f.Data.Length)));
            Assert.That(offsets.UInt32At(4), Is.EqualTo(2), "one chunk per fragment");
            for (var chunk = 0; chunk < 2; chunk++)
            {
                var firstOfChunk = frames.IndexOf(stored[chunk].Frames.First(x => x.TrackNumber == 1));
                var at = (int)offsets.UInt32At(8 + (chunk * 4));
                Assert.That(clip.AsSpan(at, frames[firstOfChunk].Data.Length).SequenceEqual(frames[firstOfChunk].Data.Span), Is.True, $"chunk {chunk} starts with its fragment's first frame");
            }

            var sync = Mp4Box.Find(stbl.Children, "stss");
            Assert.That(Enumerable.Range(0, (int)sync.UInt32At(4)).Select(i => sync.UInt32At(8 + (i * 4))), Is.EqualTo(new uint[] { 1, (uint)stored[0].Frames.Count(x => x.TrackNumber == 1) + 1 }), "the key frames");
            Assert.That(FragmentedMp4Tests.AtomicParsleyTree(path), Is.EqualTo(Mp4Box.Flatten(boxes).Select(b => (b.Type, b.Size)).ToList()));
            var identify = ExternalTool.RunChecked("mkvmerge", "-J", path).StandardOutput;
            Assert.That(identify, Does.Contain("\"type\": \"QuickTime/MP4\"").And.Contain("AVC/H.264/MPEG-4p10").And.Contain("\"codec\": \"AAC\""));
        });
    }

    [Test]
    public async Task A_clip_keeps_one_fragment_per_producer_timestamp_and_at_most_the_fragment_limit()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 8);
        var resend = Sample.Fragments(Kvs, start, 1)[0] with { ServerTimestamp = start + TimeSpan.FromSeconds(9) };
        MediaSeeding.MediaOf(Kvs, Stream).Append(resend);

        var clip = await ClipAsync(start, start + TimeSpan.FromMinutes(1), "PRODUCER_TIMESTAMP");
        var frames = (int)Mp4Box.Find(Mp4Box.FindAll(Mp4Box.Parse(clip), "moov/trak").First().Children, "mdia/minf/stbl/stsz").UInt32At(8);

        Assert.That(frames, Is.EqualTo(stored.Take(5).Sum(f => f.Frames.Count(x => x.TrackNumber == 1))), "the first 5 fragments (MaxClipFragments), the resend in its original's place");
    }

    [Test]
    public async Task Frames_that_are_not_length_prefixed_nal_units_are_InvalidMediaFrame()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        MediaSeeding.Seed(Kvs, Stream, 1, start);

        var response = await Data.PostAsync("/getClip", Clip(start, start + TimeSpan.FromSeconds(10)));

        response.Error(HttpStatusCode.BadRequest, "InvalidMediaFrameException");
    }

    [Test]
    public async Task Tracks_or_codec_private_data_that_change_within_the_range_are_refused()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        Sample.Store(Kvs, Stream, start, 1);
        var otherConfig = PlayableFragments.FromSample("h264_aac.mkv").Fragments(Kvs, start + TimeSpan.FromSeconds(1), 1)[0];
        var header = otherConfig.Header with { Tracks = [Track(otherConfig.Header.Tracks[0], codecPrivate: [.. otherConfig.Header.Tracks[0].CodecPrivate.ToArray()[..^1], 0x81]), otherConfig.Header.Tracks[1]] };
        MediaSeeding.MediaOf(Kvs, Stream).Append(otherConfig with { Header = header });
        await CreateStreamAsync("cam2");
        PlayableFragments.FromSample("h264_aac.mkv").Store(Kvs, "cam2", start, 1);
        PlayableFragments.FromSample("h264_aac.mkv", withAudio: false).Store(Kvs, "cam2", start + TimeSpan.FromSeconds(1), 1);

        (await Data.PostAsync("/getClip", Clip(start, start + TimeSpan.FromSeconds(10)))).Error(HttpStatusCode.BadRequest, "InvalidCodecPrivateDataException");
        (await Data.PostAsync("/getClip", Clip(start, start + TimeSpan.FromSeconds(10)).Replace(Stream, "cam2", StringComparison.Ordinal))).Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
    }

    private async Task<byte[]> ClipAsync(DateTimeOffset start, DateTimeOffset end, string selector = "SERVER_TIMESTAMP")
    {
        var (status, contentType, body) = await Data.PostForBytesAsync("/getClip", Clip(start, end, selector));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), () => System.Text.Encoding.UTF8.GetString(body));
        Assert.That(contentType, Is.EqualTo("video/mp4"));
        return body;
    }

    private static string Clip(DateTimeOffset start, DateTimeOffset end, string selector = "SERVER_TIMESTAMP") =>
        $"{{\"StreamName\":\"{Stream}\",\"ClipFragmentSelector\":{{\"FragmentSelectorType\":\"{selector}\",\"TimestampRange\":{{\"StartTimestamp\":{Epoch(start)},\"EndTimestamp\":{Epoch(end)}}}}}}}";
}
