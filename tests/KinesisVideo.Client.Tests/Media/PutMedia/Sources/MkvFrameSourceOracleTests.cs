using System.Buffers;
using System.Globalization;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>
/// The Matroska source against files ffmpeg and mkvmerge wrote, frame by frame against ffprobe's
/// packet list (and mkvextract's timestamps for laced audio).
/// </summary>
public class MkvFrameSourceOracleTests : SourceTest
{
    private static readonly MkvFrameSourceOptions Absolute = new() { RebaseTimestamps = false };

    // h264.mkv has B-frames, h264_aac.mkv two tracks, blockgroups.mkv BlockGroups, all unlaced.
    [TestCase("h264.mkv")]
    [TestCase("h264_aac.mkv")]
    [TestCase("blockgroups.mkv")]
    public async Task Gives_ffprobes_frames_timestamps_key_flags_and_sizes(string sample)
    {
        var path = TestInputs.Sample(sample);

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path), Absolute));

        var expected = MkvOracle.FfprobePackets(path);
        Assert.That(expected, Is.Not.Empty);
        Assert.That(frames.Select(Packet), Is.EqualTo(expected));
    }

    [Test]
    public async Task Passes_B_frame_presentation_times_through_in_stored_order()
    {
        ExternalTool.Require("ffmpeg");
        var path = SourceInputs.FfmpegBFrames(Directory);

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path), Absolute));

        Assert.That(frames.Select(Packet), Is.EqualTo(MkvOracle.FfprobePackets(path)));
        var video = frames.Where(f => f.TrackNumber == 1).Select(f => f.Timestamp).ToList();
        Assert.That(tracks[0].CodecId, Is.EqualTo(MkvTrackEntry.H264CodecId));
        Assert.That(video, Is.Not.Ordered, "B-frames: presentation times do not increase in stored order");
        Assert.That(video, Is.Unique);
    }

    [Test]
    public async Task Reads_the_live_Matroska_ffmpeg_writes_to_its_standard_output()
    {
        // As in ffmpeg -i rtsp://... -c copy -f matroska - | ...: unknown sizes, no Cues, a pipe that cannot seek.
        ExternalTool.Require("ffmpeg");
        var path = SourceInputs.FfmpegBFrames(Directory);
        var expected = MkvOracle.FfprobePackets(path);

        await using var ffmpeg = ToolPipe.Start("ffmpeg", "-v", "error", "-i", path, "-c", "copy", "-f", "matroska", "-");
        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(ffmpeg.Output, Absolute));

        // The remux may interleave the tracks differently; each track's frames keep their order.
        for (var track = 0; track < 2; track++)
        {
            Assert.That(frames.Select(Packet).Where(p => p.StreamIndex == track), Is.EqualTo(expected.Where(p => p.StreamIndex == track)), $"track {track + 1}");
        }
    }

    [Test]
    public async Task Splits_the_audio_laces_mkvmerge_writes_at_mkvextracts_timestamps()
    {
        await CheckLacedFile(TestInputs.Sample("laced.mkv"));
    }

    [Test]
    public async Task Splits_the_laces_of_a_file_mkvmerge_writes_now()
    {
        ExternalTool.Require("ffmpeg");
        await CheckLacedFile(SourceInputs.MkvmergeH264Aac(Directory));
    }

    [Test]
    public async Task Takes_the_first_video_and_audio_of_four_tracks_and_skips_the_others()
    {
        ExternalTool.Require("ffmpeg");
        var path = SourceInputs.FfmpegFourTracks(Directory);
        var expected = MkvOracle.FfprobePackets(path);

        await using var source = new MkvFrameSource(File.OpenRead(path), Absolute);
        var (tracks, frames) = await SourceFrames.ReadAllAsync(source);

        Assert.That(tracks.Select(t => t.Kind), Is.EqualTo(new[] { MkvTrackType.Video, MkvTrackType.Audio }));
        Assert.That(tracks[0].Width, Is.EqualTo(320));
        Assert.That(tracks[1].SampleRate, Is.EqualTo(48000));
        Assert.That(frames.Select(Packet), Is.EqualTo(expected.Where(p => p.StreamIndex < 2)));
        Assert.That(source.SkippedFrames, Is.EqualTo(expected.Count(p => p.StreamIndex >= 2)).And.Positive);
    }

    [Test]
    public async Task Chosen_tracks_are_numbered_in_the_order_the_input_declares_them()
    {
        ExternalTool.Require("ffmpeg");
        var path = SourceInputs.FfmpegFourTracks(Directory);
        var expected = MkvOracle.FfprobePackets(path);

        // Asked for as 4, 3: numbered 1 (input track 3, the second video) and 2 (input track 4, the second audio).
        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path), new MkvFrameSourceOptions { TrackNumbers = [4, 3], RebaseTimestamps = false }));

        Assert.That(tracks.Select(t => (t.Kind, t.Width, t.SampleRate)), Is.EqualTo(new[] { (MkvTrackType.Video, 160, 0.0), (MkvTrackType.Audio, 0, 16000.0) }));
        Assert.That(frames.Select(Packet), Is.EqualTo(expected.Where(p => p.StreamIndex >= 2).Select(p => p with { StreamIndex = p.StreamIndex - 2 })));
    }

    [Test]
    public async Task Passes_other_codecs_through_as_declared()
    {
        ExternalTool.Require("ffmpeg");
        var path = SourceInputs.FfmpegWebm(Directory);
        var declared = ReadTrackEntries(path);

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path), Absolute));

        Assert.That(tracks.Select(t => (t.Kind, t.CodecId)), Is.EqualTo(new[] { (MkvTrackType.Video, "V_VP8"), (MkvTrackType.Audio, "A_OPUS") }));
        Assert.That(tracks[1].CodecPrivate.ToArray(), Is.EqualTo(declared.Single(t => t.CodecId == "A_OPUS").CodecPrivate.ToArray()).And.Not.Empty);
        // ffprobe moves Opus back by its CodecDelay, so times are compared with mkvinfo's list of the
        // blocks as stored; mkvinfo shows no key flag for a BlockGroup (ffmpeg ends Opus with one), ffprobe does.
        Assert.That(frames.Select(f => ((int)f.TrackNumber, (long)f.Timestamp.TotalMilliseconds, f.Data.Length)), Is.EqualTo(MkvOracle.MkvinfoBlocks(path).Select(b => (b.StreamIndex, b.TimestampMs, b.Size))));
        Assert.That(frames.Select(f => f.IsKeyFrame), Is.EqualTo(MkvOracle.FfprobePackets(path).Select(p => p.IsKey)));
    }

    [Test]
    public async Task Describes_tracks_as_ffprobe_sees_them()
    {
        var path = TestInputs.Sample("h264_aac.mkv");
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate,channels", "-of", "csv=p=0", path)
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var declared = ReadTrackEntries(path);

        await using var source = new MkvFrameSource(File.OpenRead(path));
        var tracks = await source.ReadTracksAsync(CancellationToken.None);

        Assert.That(probe, Is.EqualTo(new[] { $"h264,{tracks[0].Width},{tracks[0].Height}", string.Create(CultureInfo.InvariantCulture, $"aac,{tracks[1].SampleRate},{tracks[1].Channels}") }));
        Assert.That(tracks.Select(t => t.CodecPrivate.ToArray()), Is.EqualTo(declared.Select(t => t.CodecPrivate.ToArray())));
    }

    [Test]
    public async Task Rebases_to_the_first_frame_by_default()
    {
        var path = TestInputs.Sample("h264_aac.mkv");
        var expected = MkvOracle.FfprobePackets(path);

        var (_, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path)));

        Assert.That(frames[0].Timestamp, Is.EqualTo(TimeSpan.Zero));
        Assert.That(frames.Select(f => (long)f.Timestamp.TotalMilliseconds), Is.EqualTo(expected.Select(p => p.TimestampMs - expected[0].TimestampMs)));
    }

    [Test]
    public async Task Reads_a_recorded_GetMedia_response_of_many_documents_through()
    {
        var bytes = File.ReadAllBytes(SharedReference.Require("kvs-oracle/getmedia-fixtures/output_get_media.mkv"));
        var fragments = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(bytes));
        Assert.That(fragments, Has.Count.GreaterThan(1));
        var expected = fragments.SelectMany(f => f.Frames).ToList();

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(bytes), Absolute));

        Assert.That(tracks.Select(t => t.CodecId), Is.EqualTo(fragments[0].Tracks.Select(t => t.CodecId)));
        Assert.That(frames.Select(f => (f.Timestamp, f.IsKeyFrame, f.Data.Length)), Is.EqualTo(expected.Select(f => (f.Timestamp, f.IsKeyFrame, f.Data.Length))));
    }

    [Test]
    public async Task Rebasing_moves_epoch_millisecond_timecodes_to_zero_and_keeping_them_keeps_them()
    {
        // What GetMedia returns for a producer on ABSOLUTE timecodes (the session's default): epoch milliseconds.
        const long Epoch = 1_700_000_000_000;
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [new MkvTrackEntry { TrackNumber = 1, TrackType = MkvTrackType.Video, CodecId = MkvTrackEntry.H264CodecId, CodecPrivate = SourceInputs.AvcC1080p }] });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        for (var i = 0; i < 10; i++)
        {
            writer.WriteFrame(output, 1, Epoch + (i * 40), i % 5 == 0, [0, 0, 0, 1, (byte)i]);
        }

        var bytes = output.WrittenSpan.ToArray();

        var (_, kept) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(bytes), Absolute));
        var (_, rebased) = await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(bytes)));

        Assert.That(kept.Select(f => f.Timestamp), Is.EqualTo(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(Epoch + (i * 40)))));
        Assert.That(rebased.Select(f => f.Timestamp), Is.EqualTo(Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(i * 40))));
    }

    private async Task CheckLacedFile(string path)
    {
        var blocks = MkvOracle.MkvinfoText(path);
        Assert.That(blocks, Does.Match(@"track number 2, [2-9] frame\(s\)"), "the audio is laced");
        var laceTimestamps = MkvextractTimestamps(path, trackId: 1);
        var expected = MkvOracle.FfprobePackets(path);

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(File.OpenRead(path), Absolute));

        var audio = frames.Where(f => f.TrackNumber == 2).ToList();
        Assert.That(tracks[1].CodecId, Is.EqualTo(MkvTrackEntry.AacCodecId));
        Assert.That(frames.Select(f => (f.TrackNumber, f.IsKeyFrame, f.Data.Length)), Is.EqualTo(expected.Select(p => ((ulong)p.StreamIndex + 1, p.IsKey, p.Size))));
        // mkvextract prints block time + i × DefaultDuration, to the nanosecond, truncated to 6 decimals of a millisecond.
        Assert.That(audio.Select(f => f.Timestamp.TotalMilliseconds), Is.EqualTo(laceTimestamps).Within(0.0002));
        // ffmpeg spreads the lace's duration, rounded down to whole milliseconds, evenly over its frames instead.
        Assert.That(frames.Select(f => f.Timestamp.TotalMilliseconds), Is.EqualTo(expected.Select(p => (double)p.TimestampMs)).Within(2.0));
    }

    private List<double> MkvextractTimestamps(string path, int trackId)
    {
        var output = Path.Combine(Directory, $"timestamps-{Guid.NewGuid():N}.txt");
        ExternalTool.RunChecked("mkvextract", path, "timestamps_v2", $"{trackId}:{output}");
        // The last line is where the last frame ends, not a frame.
        return [.. File.ReadAllLines(output).Where(l => !l.StartsWith('#')).SkipLast(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
    }

    private static List<MkvTrackEntry> ReadTrackEntries(string path)
    {
        var reader = new MkvStreamReader();
        var rest = new ReadOnlySequence<byte>(File.ReadAllBytes(path));
        var entries = new List<MkvTrackEntry>();
        while (reader.TryRead(rest, out var item, out var consumed, out _) && item.Kind != MkvEventKind.ClusterStart)
        {
            if (item.Kind == MkvEventKind.TrackEntry)
            {
                entries.Add(item.TrackEntry!);
            }

            rest = rest.Slice(consumed);
        }

        return entries;
    }

    private static OraclePacket Packet(CopiedFrame frame) =>
        new((int)frame.TrackNumber - 1, (long)Math.Floor(frame.Timestamp.TotalMilliseconds), frame.IsKeyFrame, frame.Data.Length);
}
