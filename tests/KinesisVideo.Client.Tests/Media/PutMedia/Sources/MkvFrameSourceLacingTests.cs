using System.Buffers;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using static KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support.SourceInputs;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>Laces of every kind, split by the source and checked against ffprobe and mkvinfo.</summary>
public class MkvFrameSourceLacingTests : SourceTest
{
    private const ulong FrameNanoseconds = 21_333_333;

    // 8-bit PCM: any bytes decode, so ffprobe reads random frames without complaint.
    private static readonly Track Audio = new(9, MkvTrackType.Audio, "A_PCM/INT/LIT", DefaultDuration: FrameNanoseconds, SampleRate: 48000, Channels: 1, BitDepth: 8);

    // Sizes that cross Xiph's 255 steps and make EBML's differences negative and positive.
    private static readonly int[][] LaceSizes = [[10, 300, 255, 1, 7], [600, 2, 510, 254], [40, 40, 40]];

    private static byte[] Input()
    {
        var random = new Random(9);
        byte[] Frame(int size)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }

        return HandBuilt(1_000_000, [Audio], (500,
        [
            new Block(9, 0, true, MkvLacing.Xiph, [.. LaceSizes[0].Select(Frame)]),
            new Block(9, 107, true, MkvLacing.Ebml, [.. LaceSizes[1].Select(Frame)]),
            new Block(9, 192, true, MkvLacing.FixedSize, [.. LaceSizes[2].Select(Frame)]),
            new Block(9, 256, true, MkvLacing.None, [Frame(33)]),
        ]));
    }

    [Test]
    public async Task Each_lace_frame_is_presented_at_the_block_time_plus_its_index_times_the_DefaultDuration()
    {
        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(Input()), new MkvFrameSourceOptions { RebaseTimestamps = false }));

        var expected = new List<(TimeSpan, int)>();
        foreach (var (block, sizes) in new[] { (500L, LaceSizes[0]), (607L, LaceSizes[1]), (692L, LaceSizes[2]), (756L, [33]) })
        {
            expected.AddRange(sizes.Select((size, i) => (TimeSpan.FromTicks(((block * 1_000_000) + (i * (long)FrameNanoseconds)) / 100), size)));
        }

        Assert.That(frames.Select(f => (f.Timestamp, f.Data.Length)), Is.EqualTo(expected));
        Assert.That(frames, Has.All.Matches<CopiedFrame>(f => f.IsKeyFrame && f.TrackNumber == 1));
    }

    [Test]
    public async Task Gives_the_frames_ffprobe_and_mkvinfo_find_in_the_laces()
    {
        var path = Path.Combine(Directory, "laces.mkv");
        File.WriteAllBytes(path, Input());
        var packets = MkvOracle.FfprobePackets(path);
        var mkvinfoSizes = System.Text.RegularExpressions.Regex.Matches(MkvOracle.MkvinfoText(path), @"Frame with size (\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(Input()), new MkvFrameSourceOptions { RebaseTimestamps = false }));

        Assert.That(frames.Select(f => f.Data.Length), Is.EqualTo(packets.Select(p => p.Size)).And.EqualTo(mkvinfoSizes));
        // ffmpeg spreads the lace's duration, rounded down to whole milliseconds, evenly over its frames.
        Assert.That(frames.Select(f => f.Timestamp.TotalMilliseconds), Is.EqualTo(packets.Select(p => (double)p.TimestampMs)).Within(2.0));
    }

    [Test]
    public async Task A_lace_on_a_track_without_DefaultDuration_is_refused_with_how_to_remux()
    {
        var input = HandBuilt(1_000_000, [Audio with { DefaultDuration = 0 }], (0, [new Block(9, 0, true, MkvLacing.Xiph, [1, 2], [3])]));
        await using var source = new MkvFrameSource(new MemoryStream(input));

        var error = Assert.ThrowsAsync<MkvFormatException>(() => ReadAll(source));

        Assert.That(error!.Message, Does.Contain("no DefaultDuration").And.Contain("mkvmerge -o out.mkv --disable-lacing in.mkv"));
        Assert.That(error.Offset, Is.Positive);
    }

    [Test]
    public async Task A_single_frame_lace_needs_no_DefaultDuration()
    {
        var input = HandBuilt(1_000_000, [Audio with { DefaultDuration = 0 }], (0, [new Block(9, 5, true, MkvLacing.Ebml, [1, 2, 3])]));

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(input), new MkvFrameSourceOptions { RebaseTimestamps = false }));

        Assert.That(frames.Single().Data, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(frames.Single().Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(5)));
    }

    [TestCase(MkvLacing.Xiph, new byte[] { 1, 200 })]                 // 2 frames, the first 200 bytes long, in 3 bytes
    [TestCase(MkvLacing.Ebml, new byte[] { 2, 0x81, 0x80, 1, 2 })]    // a difference that makes a size negative
    [TestCase(MkvLacing.FixedSize, new byte[] { 1, 1, 2, 3 })]        // 3 bytes do not split into 2 equal frames
    [TestCase(MkvLacing.Xiph, new byte[] { 3, 255, 255 })]            // the header ends inside a size
    [TestCase(MkvLacing.Ebml, new byte[] { })]                        // no count
    public void Malformed_lace_headers_are_refused(MkvLacing lacing, byte[] payload)
    {
        var sizes = new int[MkvLaces.MaxFrames];

        Assert.That(MkvLaces.TryReadSizes(new ReadOnlySequence<byte>(payload), lacing, sizes, out _, out _), Is.False);
    }

    [Test]
    public void Lace_headers_split_across_segments_read_as_whole()
    {
        byte[] payload = [2, 0x81, 0x5F, 0xFF, .. new byte[1 + 1 + 1]];    // EBML: sizes 1, then 1 + (0x1FFF - 8191) = 1, last 1
        var sizes = new int[MkvLaces.MaxFrames];
        Assert.That(MkvLaces.TryReadSizes(new ReadOnlySequence<byte>(payload), MkvLacing.Ebml, sizes, out var count, out var header), Is.True);

        for (var at = 1; at < payload.Length; at++)
        {
            var split = new int[MkvLaces.MaxFrames];
            Assert.That(MkvLaces.TryReadSizes(TestInputs.Split(payload, at), MkvLacing.Ebml, split, out var splitCount, out var splitHeader), Is.True, $"split at {at}");
            Assert.That((splitCount, splitHeader, split[..count]), Is.EqualTo((count, header, sizes[..count])), $"split at {at}");
        }

        Assert.That((count, header, sizes[..count]), Is.EqualTo((3, 4, new[] { 1, 1, 1 })));
    }

    [Test]
    public void The_reader_refuses_laces_unless_asked_to_report_them()
    {
        var input = new ReadOnlySequence<byte>(Input());

        Assert.Throws<MkvFormatException>(() => EventDigest.ReadSequence(input));
        Assert.That(EventDigest.ReadSequence(input, new MkvReaderOptions { AcceptLacedBlocks = true }).Count(e => e.StartsWith("frame", StringComparison.Ordinal)), Is.EqualTo(4));
    }

    private static async Task ReadAll(MkvFrameSource source)
    {
        await foreach (var _ in source.ReadFramesAsync(CancellationToken.None))
        {
        }
    }
}
