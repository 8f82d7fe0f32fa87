using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using static KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support.SourceInputs;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>Track choice and numbering on hand-built Matroska with track numbers no muxer here writes, checked by ffprobe.</summary>
public class MkvFrameSourceTrackTests : SourceTest
{
    // Declared in this order, with these numbers: subtitle 7, H.264 12, AAC 3, Opus 20, VP8 4.
    private static readonly Track[] Tracks =
    [
        new(7, MkvTrackType.Subtitle, "S_TEXT/UTF8"),
        new(12, MkvTrackType.Video, MkvTrackEntry.H264CodecId, AvcC1080p, Width: 1920, Height: 1080),
        new(3, MkvTrackType.Audio, MkvTrackEntry.AacCodecId, AacConfig48kMono, SampleRate: 48000, Channels: 1),
        new(20, MkvTrackType.Audio, "A_OPUS", [.. "OpusHead"u8, 1, 1, 0, 0, 0x80, 0xBB, 0, 0, 0, 0, 0], SampleRate: 48000, Channels: 1),
        new(4, MkvTrackType.Video, "V_VP8", Width: 64, Height: 48),
    ];

    private static byte[] Input() => HandBuilt(1_000_000, Tracks, (1000, [.. Blocks(0)]), (2000, [.. Blocks(40)]));

    [Test]
    public async Task Maps_the_first_video_and_first_audio_to_1_and_2_in_declaration_order()
    {
        await using var source = new MkvFrameSource(new MemoryStream(Input()), new MkvFrameSourceOptions { RebaseTimestamps = false });
        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);

        Assert.That(tracks.Select(t => (t.CodecId, t.Width, t.Height, t.SampleRate)), Is.EqualTo(new[] { (MkvTrackEntry.H264CodecId, 1920, 1080, 0.0), (MkvTrackEntry.AacCodecId, 0, 0, 48000.0) }));
        Assert.That(frames.Select(f => (f.TrackNumber, f.Timestamp.TotalMilliseconds, f.Data[0])), Is.EqualTo(new[]
        {
            (1UL, 1001.0, (byte)12), (2UL, 1002.0, (byte)3), (1UL, 2041.0, (byte)12), (2UL, 2042.0, (byte)3),
        }));
        Assert.That(source.SkippedFrames, Is.EqualTo(6));
    }

    [Test]
    public async Task Chosen_numbers_are_mapped_in_declaration_order_whatever_order_they_are_given_in()
    {
        var options = new MkvFrameSourceOptions { TrackNumbers = [4, 20, 12], RebaseTimestamps = false };

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(Input()), options));

        Assert.That(tracks.Select(t => (t.Kind, t.CodecId)), Is.EqualTo(new[] { (MkvTrackType.Video, MkvTrackEntry.H264CodecId), (MkvTrackType.Audio, "A_OPUS"), (MkvTrackType.Video, "V_VP8") }));
        Assert.That(tracks[1].CodecPrivate.ToArray(), Is.EqualTo(Tracks[3].CodecPrivate));
        Assert.That(frames.Select(f => (f.TrackNumber, f.Data[0])), Is.EqualTo(new[] { (1UL, (byte)12), (2UL, (byte)20), (3UL, (byte)4), (1UL, (byte)12), (2UL, (byte)20), (3UL, (byte)4) }));
    }

    [Test]
    public void The_hand_built_input_is_valid_Matroska_to_mkvinfo()
    {
        var path = Path.Combine(Directory, "tracks.mkv");
        File.WriteAllBytes(path, Input());

        var blocks = MkvOracle.MkvinfoBlocks(path);

        Assert.That(blocks.Select(p => (p.StreamIndex, p.TimestampMs)), Is.EqualTo(new[] { (7, 1000L), (12, 1001L), (3, 1002L), (20, 1003L), (4, 1004L), (7, 2040L), (12, 2041L), (3, 2042L), (20, 2043L), (4, 2044L) }));
    }

    [TestCase(0)]
    [TestCase(4)]
    public void Choosing_no_or_more_than_three_tracks_is_refused_before_reading(int count)
    {
        var stream = new NonSeekableStream(Input());

        var error = Assert.Throws<ArgumentException>(() => _ = new MkvFrameSource(stream, new MkvFrameSourceOptions { TrackNumbers = [.. Enumerable.Range(1, count).Select(i => (ulong)i)] }));

        Assert.That(error!.Message, Does.Contain("1 to 3 tracks"));
    }

    [Test]
    public async Task A_chosen_track_the_input_lacks_is_a_typed_error_listing_the_tracks()
    {
        await using var source = new MkvFrameSource(new MemoryStream(Input()), new MkvFrameSourceOptions { TrackNumbers = [12, 99] });

        var error = Assert.ThrowsAsync<MkvFormatException>(async () => await source.ReadTracksAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("track 99").And.Contain("12 Video V_MPEG4/ISO/AVC").And.Contain("20 Audio A_OPUS"));
    }

    [Test]
    public async Task An_input_without_video_or_audio_is_a_typed_error()
    {
        var input = HandBuilt(1_000_000, [Tracks[0]], (0, [new Block(7, 0, true, MkvLacing.None, [1])]));
        await using var source = new MkvFrameSource(new MemoryStream(input));

        var error = Assert.ThrowsAsync<MkvFormatException>(async () => await source.ReadTracksAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("no video or audio track").And.Contain("TrackNumbers"));
    }

    [TestCase(MkvTrackEntry.H264CodecId, new byte[] { 1, 2, 3 })]
    [TestCase(MkvTrackEntry.H264CodecId, null)]
    [TestCase(MkvTrackEntry.H265CodecId, new byte[] { 1, 2, 3, 4 })]
    [TestCase(MkvTrackEntry.AacCodecId, new byte[] { 0x10 })]
    public async Task A_codec_private_the_codec_cannot_use_is_a_typed_error_naming_the_track(string codecId, byte[]? codecPrivate)
    {
        var input = HandBuilt(1_000_000, [new Track(5, MkvTrackType.Video, codecId, codecPrivate)], (0, [new Block(5, 0, true, MkvLacing.None, [1])]));
        await using var source = new MkvFrameSource(new MemoryStream(input));

        var error = Assert.ThrowsAsync<MkvFormatException>(async () => await source.ReadTracksAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain($"Track 5 ({codecId})").And.Contain("CodecPrivate"));
        Assert.That(error.InnerException, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public async Task A_later_document_repeating_the_tracks_is_read_through_but_a_changed_track_is_refused()
    {
        var first = HandBuilt(1_000_000, Tracks[1..3], (0, [.. Blocks(0).Where(b => b.Track is 12 or 3)]));
        var same = HandBuilt(1_000_000, Tracks[1..3], (100, [.. Blocks(0).Where(b => b.Track is 12 or 3)]));
        var changed = HandBuilt(1_000_000, [Tracks[1] with { CodecPrivate = [.. AvcC1080p[..^1], 0x2D] }, Tracks[2]], (200, [.. Blocks(0).Where(b => b.Track is 12 or 3)]));

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream([.. first, .. same]), new MkvFrameSourceOptions { RebaseTimestamps = false }));
        Assert.That(frames.Select(f => (f.TrackNumber, f.Timestamp.TotalMilliseconds)), Is.EqualTo(new[] { (1UL, 1.0), (2UL, 2.0), (1UL, 101.0), (2UL, 102.0) }));

        var error = Assert.ThrowsAsync<MkvFormatException>(() => SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream([.. first, .. changed]))));
        Assert.That(error!.Message, Does.Contain("Track 12 changes"));
        Assert.That(error.Offset, Is.GreaterThan(first.Length));
    }

    [Test]
    public async Task Timestamps_follow_the_TimecodeScale()
    {
        // 100 µs ticks: cluster 50,000 ticks = 5 s, block +123 ticks = 12.3 ms later.
        var input = HandBuilt(100_000, [Tracks[1]], (50_000, [new Block(12, 0, true, MkvLacing.None, [1]), new Block(12, 123, false, MkvLacing.None, [2])]));

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(input), new MkvFrameSourceOptions { RebaseTimestamps = false }));

        Assert.That(frames.Select(f => f.Timestamp), Is.EqualTo(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) + TimeSpan.FromMicroseconds(12_300) }));
    }

    // One frame per track and cluster, at cluster time + the track's index in ms; the payload's first byte names the track.
    private static IEnumerable<Block> Blocks(short shift) =>
        Tracks.Select((t, i) => new Block(t.Number, (short)(shift + i), true, MkvLacing.None, [(byte)t.Number, 0xAA, 0xBB]));
}
