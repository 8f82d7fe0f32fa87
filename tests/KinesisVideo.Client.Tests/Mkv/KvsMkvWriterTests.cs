using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

public class KvsMkvWriterTests
{
    private static readonly byte[] s_payload = [0, 0, 0, 2, 0x65, 0x88];

    private static KvsMkvWriter NewWriter(long minimumFragmentDuration = 0) => new(new KvsMkvWriterOptions
    {
        Tracks =
        [
            new MkvTrackEntry { TrackNumber = 1, TrackType = MkvTrackType.Video, CodecId = MkvTrackEntry.H264CodecId, PixelWidth = 640, PixelHeight = 480 },
            new MkvTrackEntry { TrackNumber = 2, TrackType = MkvTrackType.Audio, CodecId = MkvTrackEntry.AacCodecId, SamplingFrequency = 48000, Channels = 2, CodecPrivate = new byte[] { 0x11, 0x90 } },
        ],
        SegmentUid = Enumerable.Repeat((byte)0x55, 16).ToArray(),
        MinimumFragmentDuration = minimumFragmentDuration,
    });

    [Test]
    public void Header_is_the_AWS_producer_layout_with_this_library_as_muxer()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);

        var header = output.WrittenSpan;
        // EBML header, DocType matroska, then Segment with the one-byte unknown-size marker.
        Assert.That(Convert.ToHexString(header[..4]), Is.EqualTo("1A45DFA3"));
        Assert.That(System.Text.Encoding.ASCII.GetString(header), Does.Contain("matroska").And.Contain("KinesisVideo.Client"));
        var segment = header.IndexOf(new byte[] { 0x18, 0x53, 0x80, 0x67 });
        Assert.That(header[segment + 4], Is.EqualTo(0xFF));

        var events = EventDigest.ReadSequence(new ReadOnlySequence<byte>(output.WrittenMemory));
        Assert.That(events, Is.EqualTo(new[]
        {
            "document @0",
            "track 1 Video V_MPEG4/ISO/AVC 640x480 0Hz/0 private ",
            "track 2 Audio A_AAC 0x0 48000Hz/2 private 1190",
        }));
    }

    [Test]
    public void A_new_fragment_starts_at_each_video_key_frame_not_at_audio_frames()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);

        Assert.That(writer.WriteFrame(output, 1, 1000, true, s_payload), Is.True);
        Assert.That(writer.WriteFrame(output, 2, 1001, true, s_payload), Is.False);
        Assert.That(writer.WriteFrame(output, 1, 1040, false, s_payload), Is.False);
        Assert.That(writer.WriteFrame(output, 1, 1080, true, s_payload), Is.True);
        Assert.That(writer.FragmentTimecode, Is.EqualTo(1080));

        var events = EventDigest.ReadSequence(new ReadOnlySequence<byte>(output.WrittenMemory)).Where(e => e.StartsWith("cluster", StringComparison.Ordinal) || e.StartsWith("frame", StringComparison.Ordinal)).Select(e => string.Join(' ', e.Split(' ').Where((_, i) => i is 0 or 2 or 3 or 4 or 5 or 6 or 7))).ToList();
        Assert.That(events, Is.EqualTo(new[]
        {
            "cluster tc 1000",
            "frame track 1 tc 1000 key True",
            "frame track 2 tc 1001 key True",
            "frame track 1 tc 1040 key False",
            "cluster tc 1080",
            "frame track 1 tc 1080 key True",
        }));
    }

    [Test]
    public void Minimum_fragment_duration_keeps_key_frames_inside_the_fragment_until_it_has_passed()
    {
        var writer = NewWriter(minimumFragmentDuration: 2000);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);

        Assert.That(writer.WriteFrame(output, 1, 0, true, s_payload), Is.True);
        Assert.That(writer.WriteFrame(output, 1, 1000, true, s_payload), Is.False);
        Assert.That(writer.WriteFrame(output, 1, 2000, true, s_payload), Is.True);
    }

    [Test]
    public void A_key_frame_whose_relative_timecode_overflows_int16_starts_a_new_cluster()
    {
        var writer = NewWriter(minimumFragmentDuration: 100_000);
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        writer.WriteFrame(output, 1, 0, true, s_payload);

        Assert.That(writer.WriteFrame(output, 1, 32767, true, s_payload), Is.False);
        Assert.That(writer.WriteFrame(output, 1, 32768, true, s_payload), Is.True);
    }

    [Test]
    public void A_non_key_frame_whose_relative_timecode_overflows_int16_is_refused()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        writer.WriteFrame(output, 1, 0, true, s_payload);

        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 1, 32768, false, s_payload));
        Assert.That(error!.Message, Does.Contain("int16"));
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 2, 40000, true, s_payload));
    }

    [Test]
    public void The_first_frame_after_a_header_must_be_a_key_frame_of_the_video_track()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);

        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 1, 0, false, s_payload));
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 2, 0, true, s_payload));
        Assert.That(writer.WriteFrame(output, 1, 0, true, s_payload), Is.True);

        // A reconnect writes the header again; the session then resumes at a key frame.
        writer.WriteHeader(output);
        Assert.That(writer.IsFragmentOpen, Is.False);
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 1, 40, false, s_payload));
    }

    [Test]
    public void Presentation_order_may_go_back_within_a_fragment_but_a_fragment_never_overlaps_the_one_before()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);

        // I P B B: presentation times go back within the fragment (B-frames), and audio may trail the video.
        writer.WriteFrame(output, 1, 100, true, s_payload);
        writer.WriteFrame(output, 1, 220, false, s_payload);
        writer.WriteFrame(output, 1, 140, false, s_payload);
        writer.WriteFrame(output, 1, 180, false, s_payload);
        writer.WriteFrame(output, 2, 90, true, s_payload);

        // A key frame not after the fragment's latest frame (220) cannot start a new one: it joins it.
        Assert.That(writer.StartsFragment(1, 200, isKeyFrame: true), Is.False);
        Assert.That(writer.WriteFrame(output, 1, 260, true, s_payload), Is.True);

        // In the new fragment, nothing may be at or before the previous fragment's latest frame.
        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 2, 220, true, s_payload));
        Assert.That(error!.Message, Does.Contain("4004"));
        Assert.DoesNotThrow(() => writer.WriteFrame(output, 2, 221, true, s_payload));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteFrame(output, 3, 300, false, s_payload));
        Assert.Throws<InvalidOperationException>(() => writer.WriteFrame(output, 1, -1, false, s_payload));
    }

    [Test]
    public void Metadata_names_beginning_with_AWS_are_refused_and_metadata_closes_the_fragment()
    {
        var writer = NewWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        writer.WriteFrame(output, 1, 0, true, s_payload);

        Assert.Throws<ArgumentException>(() => writer.WriteFragmentMetadata(output, "AWS_MINE", "x"));
        Assert.Throws<ArgumentException>(() => writer.WriteFragmentMetadata(output, "n", new string('v', 257)));
        writer.WriteFragmentMetadata(output, "location", "garage");
        Assert.That(writer.IsFragmentOpen, Is.False);
        Assert.That(writer.StartsFragment(1, 40, isKeyFrame: true), Is.True);
    }

    [Test]
    public void Writing_a_frame_allocates_nothing_and_copies_the_payload_once()
    {
        var writer = NewWriter();
        var output = new FixedBufferWriter(1 << 20);
        var payload = new byte[100];
        writer.WriteHeader(output);
        writer.WriteFrame(output, 1, 0, true, payload); // warm up
        output.Reset();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 1000; i++)
        {
            writer.WriteFrame(output, 1, i, i % 100 == 0, payload);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        // 10 clusters of 15 bytes; each block: id, 1-byte size, track, int16, flags = 6 bytes + payload.
        Assert.That(output.Written, Is.EqualTo((10 * 15) + (1000 * (6 + 100))));
    }
}
