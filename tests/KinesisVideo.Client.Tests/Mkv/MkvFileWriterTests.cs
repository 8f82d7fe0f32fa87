using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// The file sink: GetMedia fragments written back out as one Matroska file, checked by ffprobe and
/// mkvinfo (one EBML header and Segment, every frame, increasing timestamps), seekable or not.
/// </summary>
public class MkvFileWriterTests
{
    private string _directory = null!;

    [OneTimeSetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "kvs-mkv-file-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_seekable_recording_is_one_file_with_every_frame_that_ffprobe_and_mkvinfo_read_with_cues_and_duration()
    {
        var stored = RealFragments(repeat: 3);
        var path = Path.Combine(_directory, "seekable.mkv");

        await using (var file = File.Create(path))
        {
            var written = await RecordAsync(file, stored);
            Assert.That(written.IsSeekable, Is.True);
            Assert.That(written.FragmentsWritten, Is.EqualTo(stored.Count));
        }

        var expected = ExpectedPackets(stored);
        Assert.That(expected, Has.Count.EqualTo(150));
        Assert.That(MkvOracle.FfprobePackets(path).Select(p => (p.TimestampMs, p.IsKey, p.Size)), Is.EqualTo(expected));
        Assert.That(MkvOracle.MkvinfoBlocks(path).Select(b => (b.TimestampMs, b.IsKey, b.Size)), Is.EqualTo(expected));
        var info = MkvOracle.MkvinfoText(path);
        Assert.That(Count(info, "+ EBML head"), Is.EqualTo(1));
        Assert.That(info, Does.Match(@"\+ Segment: size \d+"));
        Assert.That(info, Does.Contain("+ Seek head").And.Contain("+ Cues"));
        var cues = ExternalTool.RunChecked("mkvinfo", "-v", "-v", path).StandardOutput;
        Assert.That(Count(cues, "+ Cue point"), Is.EqualTo(stored.Count), "one cue per fragment: each starts at a key frame");
        Assert.That(info, Does.Contain("+ Duration: 00:00:05.960"));
        Assert.That(info, Does.Contain("+ Date: 2026-11-21 11:00:00 UTC"));
        var duration = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path).StandardOutput.Trim();
        Assert.That(double.Parse(duration, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(5.96).Within(0.05));
    }

    [Test]
    public async Task A_destination_that_cannot_seek_gets_a_live_style_file_that_plays_from_start_to_end()
    {
        var stored = RealFragments(repeat: 2);
        var path = Path.Combine(_directory, "stream.mkv");

        await using (var file = File.Create(path))
        {
            var written = await RecordAsync(new ForwardOnlyStream(file), stored);
            Assert.That(written.IsSeekable, Is.False);
        }

        Assert.That(MkvOracle.FfprobePackets(path).Select(p => (p.TimestampMs, p.IsKey, p.Size)), Is.EqualTo(ExpectedPackets(stored)));
        var info = MkvOracle.MkvinfoText(path);
        Assert.That(info, Does.Contain("+ Segment: size unknown"));
        Assert.That(info, Does.Not.Contain("+ Cues").And.Not.Contain("+ Duration"));
        Assert.That(Count(info, "+ EBML head"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_frames_read_back_are_the_frames_written_and_timestamps_can_be_kept_as_the_stream_had_them()
    {
        var stored = GetMediaDocuments.Synthetic(4, withAudio: true);
        using var memory = new MemoryStream();
        await RecordAsync(memory, stored, new MkvFileWriterOptions { StartAtZero = false });

        var read = new List<(ulong Track, long Timecode, bool Key, string Data)>();
        var reader = new MkvStreamReader();
        var rest = new ReadOnlySequence<byte>(memory.ToArray());
        while (true)
        {
            var found = reader.TryRead(rest, out var item, out var consumed, out _);
            rest = rest.Slice(consumed);
            if (!found)
            {
                break;
            }

            if (item.Kind == MkvEventKind.Frame)
            {
                read.Add((item.Frame.TrackNumber, item.Frame.Timecode, item.Frame.IsKeyFrame, Convert.ToHexString(item.Frame.ToArray())));
            }
        }

        reader.ThrowIfTruncated(rest);
        var expected = stored.SelectMany(f => f.Frames.Select(x => (x.TrackNumber, f.ClusterTimecode + x.RelativeTimecode, x.IsKeyFrame, Convert.ToHexString(x.Data.Span))));
        Assert.That(read, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_fragment_whose_tracks_changed_is_refused_and_the_file_is_still_finished_with_what_came_before()
    {
        var before = GetMediaDocuments.Synthetic(2);
        var after = MediaSeeding.Fragment("91343852333181432511524306419788296366724229999", MediaSeeding.Header(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack), GetMediaDocuments.Start.AddSeconds(5), GetMediaDocuments.Start.AddSeconds(5));
        var path = Path.Combine(_directory, "tracks-changed.mkv");

        await using (var file = File.Create(path))
        {
            var writer = new MkvFileWriter(file);
            var reader = new MediaFragmentPipeReader(System.IO.Pipelines.PipeReader.Create(new MemoryStream(GetMediaDocuments.Body([.. before, after]))));
            await writer.WriteAsync((await reader.ReadAsync())!);
            await writer.WriteAsync((await reader.ReadAsync())!);
            var changed = (await reader.ReadAsync())!;
            var error = Assert.ThrowsAsync<MkvTracksChangedException>(async () => await writer.WriteAsync(changed));

            Assert.That(error!.FragmentNumber, Is.EqualTo(after.FragmentNumber));
            Assert.That(error.FragmentTracks, Has.Count.EqualTo(2));
            Assert.That(error.Message, Does.Contain("A_AAC"));
            await writer.CompleteAsync();
            Assert.That(writer.FramesWritten, Is.EqualTo(6));
        }

        Assert.That(MkvOracle.MkvinfoBlocks(path), Has.Count.EqualTo(6));
    }

    [Test]
    public async Task A_fragment_that_starts_before_the_file_is_refused_with_nothing_written()
    {
        var stored = GetMediaDocuments.Synthetic(3);
        using var memory = new MemoryStream();
        var writer = new MkvFileWriter(memory);
        var reader = new MediaFragmentPipeReader(System.IO.Pipelines.PipeReader.Create(new MemoryStream(GetMediaDocuments.Body([stored[1], stored[0]]))));
        await writer.WriteAsync((await reader.ReadAsync())!);
        var length = writer.BytesWritten;

        var earlier = (await reader.ReadAsync())!;
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync(earlier));

        Assert.That(error!.Message, Does.Contain("before the start of the file"));
        Assert.That(writer.BytesWritten, Is.EqualTo(length));
    }

    [Test]
    public async Task A_fragment_longer_than_a_blocks_relative_timecode_reaches_is_split_into_clusters()
    {
        ExternalTool.Require("mkvinfo");
        // At 0.1 ms per tick a 16-bit relative timecode spans 3.3 s; each of these fragments lasts 4 s.
        var stored = GetMediaDocuments.Synthetic(2, framesPerTrack: 3).Select(f => f with { Frames = [.. f.Frames.Select((x, i) => x with { RelativeTimecode = (short)(i * 2000) })] }).ToList();
        var path = Path.Combine(_directory, "split.mkv");

        await using (var file = File.Create(path))
        {
            await RecordAsync(file, stored, new MkvFileWriterOptions { TimecodeScale = 100_000 });
        }

        var info = MkvOracle.MkvinfoText(path);
        Assert.That(Count(info, "+ Cluster\n"), Is.EqualTo(4));
        Assert.That(MkvOracle.MkvinfoBlocks(path).Select(b => b.TimestampMs), Is.EqualTo(new long[] { 0, 2000, 4000, 1000, 3000, 5000 }));
    }

    [Test]
    public async Task A_recording_of_nothing_is_still_a_valid_file()
    {
        ExternalTool.Require("mkvinfo");
        var path = Path.Combine(_directory, "empty.mkv");
        await using (var file = File.Create(path))
        {
            await new MkvFileWriter(file).CompleteAsync();
        }

        var info = MkvOracle.MkvinfoText(path);
        Assert.That(info, Does.Contain("+ EBML head").And.Match(@"\+ Segment: size \d+").And.Contain("+ Segment information"));
    }

    // The sample's two real H.264 fragments, `repeat` times back to back (2 s each, timestamps continuing).
    private static List<StoredFragment> RealFragments(int repeat)
    {
        var once = GetMediaDocuments.FromSample("h264.mkv");
        var numbers = new FragmentNumberGenerator();
        return [.. Enumerable.Range(0, repeat).SelectMany(r => once.Select(f => f with
        {
            FragmentNumber = numbers.Next(),
            ClusterTimecode = f.ClusterTimecode + (r * 2000),
            ProducerTimestamp = f.ProducerTimestamp.AddMilliseconds(r * 2000),
        }))];
    }

    private static List<(long TimestampMs, bool IsKey, int Size)> ExpectedPackets(List<StoredFragment> stored)
    {
        var origin = stored[0].ClusterTimecode;
        return [.. stored.SelectMany(f => f.Frames.Select(x => (f.ClusterTimecode + x.RelativeTimecode - origin, x.IsKeyFrame, x.Data.Length)))];
    }

    // Reads the fragments' GetMedia body in small pipe reads and writes each fragment as it comes.
    private static async Task<MkvFileWriter> RecordAsync(Stream destination, List<StoredFragment> stored, MkvFileWriterOptions? options = null)
    {
        var writer = new MkvFileWriter(destination, options);
        var reader = new MediaFragmentPipeReader(new FeedingPipeReader(GetMediaDocuments.Body(stored), 1000));
        while (await reader.ReadAsync() is { } fragment)
        {
            await writer.WriteAsync(fragment);
        }

        await writer.CompleteAsync();
        return writer;
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    /// <summary>A stream that can only be written forwards, as a pipe or a response body.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
