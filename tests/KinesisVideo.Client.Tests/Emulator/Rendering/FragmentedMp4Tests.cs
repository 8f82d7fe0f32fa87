using System.Text.RegularExpressions;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.Mp4;
using static KinesisVideo.Client.Tests.Emulator.Rendering.RenderingInputs;

namespace KinesisVideo.Client.Tests.Emulator.Rendering;

/// <summary>Every box the fMP4 writer writes, read back field by field, and the box tree checked by AtomicParsley.</summary>
public class FragmentedMp4Tests
{
    [Test]
    public void The_init_segment_has_ftyp_and_moov_with_each_track_s_codec_private_data_and_a_trex()
    {
        var boxes = Mp4Box.Parse(FragmentedMp4.InitSegment([Video, Audio]));

        Assert.Multiple(() =>
        {
            Assert.That(boxes.Select(b => b.Type), Is.EqualTo(new[] { "ftyp", "moov" }));
            Assert.That(Mp4Box.Find(boxes, "moov/mvhd").UInt32At(12), Is.EqualTo(1000), "movie timescale");
            var traks = Mp4Box.FindAll(boxes, "moov/trak").ToList();
            Assert.That(traks, Has.Count.EqualTo(2));
            Assert.That(traks.Select(t => Mp4Box.Find(t.Children, "tkhd").UInt32At(12)), Is.EqualTo(new uint[] { 1, 2 }), "track ids");
            Assert.That(traks.Select(t => Mp4Box.Find(t.Children, "mdia/mdhd").UInt32At(12)), Is.EqualTo(new uint[] { 90_000, 48_000 }), "media timescales");
            Assert.That(traks.Select(t => System.Text.Encoding.ASCII.GetString(Mp4Box.Find(t.Children, "mdia/hdlr").Payload.Span.Slice(8, 4))), Is.EqualTo(new[] { "vide", "soun" }));
            var video = Mp4Box.Find(traks[0].Children, "mdia/minf/stbl/stsd");
            var avc1 = video.Children[0];
            Assert.That(avc1.Type, Is.EqualTo("avc1"));
            Assert.That((avc1.UInt16At(24), avc1.UInt16At(26)), Is.EqualTo((Video.Width, Video.Height)), "picture size from the SPS");
            var avcC = avc1.Children[0];
            Assert.That(avcC.Type, Is.EqualTo("avcC"));
            Assert.That(avcC.Payload.ToArray(), Is.EqualTo(MediaSeeding.VideoTrack.CodecPrivate.ToArray()));
            var mp4a = Mp4Box.Find(traks[1].Children, "mdia/minf/stbl/stsd").Children[0];
            Assert.That(mp4a.Type, Is.EqualTo("mp4a"));
            Assert.That((mp4a.UInt16At(16), mp4a.UInt32At(24) >> 16), Is.EqualTo((2, 48_000u)), "channels and rate");
            var esds = mp4a.Children[0];
            Assert.That(esds.Type, Is.EqualTo("esds"));
            var descriptor = esds.Payload.ToArray();
            Assert.That(descriptor, Does.Contain((byte)0x40), "object type: MPEG-4 audio");
            Assert.That(Convert.ToHexString(descriptor), Does.Contain("0502" + Convert.ToHexString(MediaSeeding.AudioTrack.CodecPrivate.Span)), "DecoderSpecificInfo carries the AudioSpecificConfig");
            Assert.That(Mp4Box.FindAll(boxes, "moov/mvex/trex").Select(t => t.UInt32At(4)), Is.EqualTo(new uint[] { 1, 2 }));
            foreach (var empty in new[] { "stts", "stsc", "stsz", "stco" })
            {
                Assert.That(Mp4Box.Find(traks[0].Children, "mdia/minf/stbl/" + empty).UInt32At(empty == "stsz" ? 8 : 4), Is.Zero, empty + " is empty in a fragmented file");
            }
        });
    }

    [Test]
    public void A_media_segment_has_the_samples_durations_sizes_sync_flags_and_base_decode_time()
    {
        var fragment = Fragment([0, 40, 80, 120]);
        var samples = TrackSamples.Of(fragment, Video);

        var bytes = FragmentedMp4.MediaSegment(Video, 7, samples);
        var boxes = Mp4Box.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(boxes.Select(b => b.Type), Is.EqualTo(new[] { "moof", "mdat" }));
            Assert.That(Mp4Box.Find(boxes, "moof/mfhd").UInt32At(4), Is.EqualTo(7), "sequence number");
            var tfhd = Mp4Box.Find(boxes, "moof/traf/tfhd");
            Assert.That((tfhd.UInt32At(0) & 0xFFFFFF, tfhd.UInt32At(4)), Is.EqualTo((0x020000u, 1u)), "default-base-is-moof, track 1");
            var tfdt = Mp4Box.Find(boxes, "moof/traf/tfdt");
            Assert.That(tfdt.UInt64At(4), Is.EqualTo((ulong)(Start.ToUnixTimeMilliseconds() * 90)), "base media decode time: the producer time at 90 kHz");
            var trun = Mp4Box.Find(boxes, "moof/traf/trun");
            Assert.That(trun.UInt32At(4), Is.EqualTo(4), "sample count");
            var dataOffset = trun.Int32At(8);
            Assert.That(dataOffset, Is.EqualTo(boxes[1].Offset + 8), "data offset: the first byte of mdat's payload, from moof");
            var rows = Enumerable.Range(0, 4).Select(i => (Duration: trun.UInt32At(12 + (i * 12)), Size: trun.UInt32At(16 + (i * 12)), Flags: trun.UInt32At(20 + (i * 12)))).ToList();
            Assert.That(rows.Select(r => r.Duration), Is.EqualTo(new uint[] { 3600, 3600, 3600, 3600 }), "40 ms at 90 kHz; the last as long as the one before");
            Assert.That(rows.Select(r => (int)r.Size), Is.EqualTo(fragment.Frames.Select(f => f.Data.Length)));
            Assert.That(rows.Select(r => r.Flags), Is.EqualTo(new uint[] { 0x02000000, 0x01010000, 0x01010000, 0x01010000 }), "sync, then non-sync");
            Assert.That(boxes[1].Payload.ToArray(), Is.EqualTo(fragment.Frames.SelectMany(f => f.Data.ToArray()).ToArray()), "mdat holds the frames as stored");
        });
    }

    [Test]
    public void B_frames_get_decode_times_from_sorted_presentation_times_and_signed_composition_offsets()
    {
        // Decode order I P B B, presented I B B P: 0, 120, 40, 80 ms.
        var samples = TrackSamples.Of(Fragment([0, 120, 40, 80]), Video);
        var trun = Mp4Box.Find(Mp4Box.Parse(FragmentedMp4.MediaSegment(Video, 1, samples)), "moof/traf/trun");

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.PresentationTime - samples[0].DecodeTime), Is.EqualTo(new long[] { 0, 10_800, 3600, 7200 }));
            Assert.That(samples.Select(s => s.DecodeTime - samples[0].DecodeTime), Is.EqualTo(new long[] { 0, 3600, 7200, 10_800 }));
            Assert.That(trun.UInt32At(0) & 0x800, Is.EqualTo(0x800), "composition offsets present");
            Assert.That(trun.UInt32At(0) >> 24, Is.EqualTo(1), "version 1: signed offsets");
            Assert.That(Enumerable.Range(0, 4).Select(i => trun.Int32At(24 + (i * 16))), Is.EqualTo(new[] { 0, 7200, -3600, -3600 }));
        });
    }

    [Test]
    public void Aac_frames_last_1024_samples_each_on_the_sampling_rate_timescale()
    {
        var fragment = Fragment([0, 40], audioFrames: 5);

        var samples = TrackSamples.Of(fragment, Audio);

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.Duration), Is.All.EqualTo(1024));
            Assert.That(samples[0].DecodeTime, Is.EqualTo(Start.ToUnixTimeMilliseconds() * 48));
            Assert.That(samples.Select(s => s.IsSync), Is.All.True);
        });
    }

    [Test]
    public void AtomicParsley_reads_the_same_box_tree_from_the_init_and_media_segments()
    {
        ExternalTool.Require("AtomicParsley");
        var fragment = Fragment([0, 40, 80], audioFrames: 4);
        var file = new List<byte>(FragmentedMp4.InitSegment([Video]).ToArray());
        file.AddRange(FragmentedMp4.MediaSegment(Video, 1, TrackSamples.Of(fragment, Video)).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"kvs-fmp4-{Guid.NewGuid():N}.mp4");
        try
        {
            File.WriteAllBytes(path, [.. file]);
            var tree = AtomicParsleyTree(path);

            Assert.That(tree, Is.EqualTo(Mp4Box.Flatten(Mp4Box.Parse(file.ToArray())).Select(b => (b.Type, b.Size)).ToList()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>AtomicParsley -T: (type, size) of each box it walks, depth-first.</summary>
    internal static List<(string Type, int Size)> AtomicParsleyTree(string path)
    {
        var output = ExternalTool.RunChecked("AtomicParsley", path, "-T").StandardOutput;
        return [.. Regex.Matches(output, @"Atom (?<type>.{4}) @ \d+ of size: (?<size>\d+)").Select(m => (m.Groups["type"].Value, int.Parse(m.Groups["size"].Value, System.Globalization.CultureInfo.InvariantCulture)))];
    }
}
