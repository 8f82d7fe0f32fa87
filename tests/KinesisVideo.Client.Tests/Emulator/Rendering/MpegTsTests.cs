using System.Buffers.Binary;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.MpegTs;
using static KinesisVideo.Client.Tests.Emulator.Rendering.RenderingInputs;

namespace KinesisVideo.Client.Tests.Emulator.Rendering;

/// <summary>The MPEG-TS writer's packets, tables and PES headers read back, and its segments read by ffprobe and mkvmerge.</summary>
public class MpegTsTests
{
    [Test]
    public void The_section_crc_is_mpeg_2_s_not_zip_s() =>
        Assert.That(Crc32Mpeg2.Compute("123456789"u8), Is.EqualTo(0x0376E6E7u));

    [Test]
    public void A_segment_is_188_byte_packets_starting_with_a_pat_and_a_pmt_whose_crcs_check()
    {
        var segment = TsSegment.Write(Fragment([0, 40, 80], audioFrames: 4), [Video, Audio]);
        var packets = Packets(segment);

        Assert.Multiple(() =>
        {
            Assert.That(segment.Length % 188, Is.Zero);
            Assert.That(packets.Select(p => p[0]), Is.All.EqualTo(0x47));
            Assert.That(Pid(packets[0]), Is.EqualTo(0));
            Assert.That(Pid(packets[1]), Is.EqualTo(0x1000));
            var pat = Section(packets[0]);
            Assert.That(Crc32Mpeg2.Compute(pat), Is.Zero, "a section with its CRC appended has CRC 0");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(pat.AsSpan(10)) & 0x1FFF, Is.EqualTo(0x1000), "the program's PMT PID");
            var pmt = Section(packets[1]);
            Assert.That(Crc32Mpeg2.Compute(pmt), Is.Zero);
            Assert.That((pmt[12], BinaryPrimitives.ReadUInt16BigEndian(pmt.AsSpan(13)) & 0x1FFF), Is.EqualTo(((byte)0x1B, 0x100)), "H.264 on PID 0x100");
            Assert.That((pmt[17], BinaryPrimitives.ReadUInt16BigEndian(pmt.AsSpan(18)) & 0x1FFF), Is.EqualTo(((byte)0x0F, 0x101)), "ADTS AAC on PID 0x101");
        });
    }

    [Test]
    public void Continuity_counters_count_per_pid_and_each_pid_s_first_packet_flags_a_discontinuity()
    {
        var packets = Packets(TsSegment.Write(Fragment([0, 40, 80, 120], audioFrames: 6), [Video, Audio]));

        foreach (var pid in packets.Select(Pid).Distinct())
        {
            var own = packets.Where(p => Pid(p) == pid).ToList();
            Assert.That(own.Select(p => p[3] & 0xF), Is.EqualTo(Enumerable.Range(0, own.Count).Select(i => i & 0xF)), $"PID {pid}");
            Assert.That(HasAdaptation(own[0]) && (own[0][5] & 0x80) != 0, Is.True, $"PID {pid}: discontinuity_indicator on its first packet");
        }
    }

    [Test]
    public void Video_pes_carry_pts_dts_and_a_pcr_and_key_frames_start_with_an_aud_and_the_parameter_sets()
    {
        var fragment = Fragment([0, 120, 40, 80]);
        var packets = Packets(TsSegment.Write(fragment, [Video]));
        var starts = packets.Where(p => Pid(p) == 0x100 && (p[1] & 0x40) != 0).ToList();
        var baseTime = Start.ToUnixTimeMilliseconds() * 90 % (1L << 33);

        Assert.Multiple(() =>
        {
            Assert.That(starts, Has.Count.EqualTo(4), "one PES per frame");
            var first = Payload(starts[0]);
            Assert.That(first[..4], Is.EqualTo(new byte[] { 0, 0, 1, 0xE0 }));
            Assert.That(first[7] >> 6, Is.EqualTo(0b10), "PTS only for the key frame (its PTS is its DTS)");
            Assert.That(Timestamp(first.AsSpan(9)), Is.EqualTo(baseTime));
            Assert.That(Pcr(starts[0]), Is.EqualTo(baseTime));
            var access = first[14..];
            Assert.That(access[..6], Is.EqualTo(new byte[] { 0, 0, 0, 1, 0x09, 0xF0 }), "access unit delimiter");
            Assert.That(access[6..11], Is.EqualTo(new byte[] { 0, 0, 0, 1, 0x67 }), "then the SPS");
            var second = Payload(starts[1]);
            Assert.That(second[7] >> 6, Is.EqualTo(0b11), "PTS and DTS");
            Assert.That((Timestamp(second.AsSpan(9)), Timestamp(second.AsSpan(14))), Is.EqualTo((baseTime + 10_800, baseTime + 3600)));
        });
    }

    [Test]
    public void Aac_frames_get_adts_headers_with_the_config_s_profile_rate_and_channels()
    {
        var frame = AdtsFrame.From(Audio.Aac, new byte[100]);

        Assert.That(KinesisVideo.Client.Mkv.Codecs.AdtsHeader.TryParse(frame, out var header), Is.True);
        Assert.That((header.ObjectType, header.SampleRate, header.Channels, header.FrameLength), Is.EqualTo((2, 48_000, 2, 107)));
    }

    [Test]
    public void Ffprobe_and_mkvmerge_read_the_segment_s_tracks_and_frames()
    {
        ExternalTool.Require("ffprobe");
        ExternalTool.Require("mkvmerge");
        var path = Path.Combine(Path.GetTempPath(), $"kvs-ts-{Guid.NewGuid():N}.ts");
        try
        {
            var sample = Playback.Support.PlayableFragments.FromSample("h264_aac.mkv");
            var fragment = sample.Fragments(Start, 1)[0];
            File.WriteAllBytes(path, TsSegment.Write(fragment, MediaTrack.FromEntries(sample.Header.Tracks)));

            var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-count_packets", "-show_entries", "stream=codec_name,nb_read_packets", "-of", "csv=p=0", path);
            var identify = ExternalTool.RunChecked("mkvmerge", "-J", path).StandardOutput;

            Assert.That(probe.StandardError, Is.Empty);
            var counts = $"h264,{fragment.Frames.Count(f => f.TrackNumber == 1)}|aac,{fragment.Frames.Count(f => f.TrackNumber == 2)}".Split('|');
            Assert.That(probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct(), Is.EquivalentTo(counts), "ffprobe lists the program's streams and the streams");
            Assert.That(identify, Does.Contain("\"type\": \"MPEG transport stream\"").And.Contain("AVC/H.264/MPEG-4p10").And.Contain("\"codec\": \"AAC\""));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<byte[]> Packets(byte[] segment) => [.. segment.Chunk(188)];

    private static int Pid(byte[] packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    private static bool HasAdaptation(byte[] packet) => (packet[3] & 0x20) != 0;

    private static byte[] Payload(byte[] packet) => packet[(HasAdaptation(packet) ? 5 + packet[4] : 4)..];

    // The section after the pointer field, up to the end of its CRC.
    private static byte[] Section(byte[] packet)
    {
        var payload = Payload(packet);
        var start = 1 + payload[0];
        var length = 3 + ((payload[start + 1] & 0x0F) << 8 | payload[start + 2]);
        return payload[start..(start + length)];
    }

    private static long Timestamp(ReadOnlySpan<byte> field) =>
        ((long)(field[0] & 0x0E) << 29) | ((long)field[1] << 22) | ((long)(field[2] & 0xFE) << 14) | ((long)field[3] << 7) | ((long)field[4] >> 1);

    private static long Pcr(byte[] packet)
    {
        Assert.That(HasAdaptation(packet) && (packet[5] & 0x10) != 0, Is.True, "PCR flag");
        return ((long)packet[6] << 25) | ((long)packet[7] << 17) | ((long)packet[8] << 9) | ((long)packet[9] << 1) | ((long)packet[10] >> 7);
    }
}
