using System.IO.Pipelines;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources;

/// <summary>
/// The Matroska source as a streaming reader: every cut of the input gives the same frames, a pipe
/// that cannot seek is enough, what it owns it closes, and bad input gives only typed errors.
/// </summary>
public class MkvFrameSourceStreamingTests
{
    private static readonly string[] Samples = ["h264.mkv", "h264_aac.mkv", "blockgroups.mkv", "laced.mkv"];

    private static Func<PipeReader, IMediaFrameSource> Open => input => new MkvFrameSource(input);

    [TestCase("h264.mkv")]
    [TestCase("laced.mkv")]
    public async Task Every_two_part_cut_gives_the_same_frames_as_the_whole(string sample)
    {
        var data = TestInputs.ReadSample(sample);
        var whole = await SourceFrames.AssertEveryTwoPartCutGivesTheWholeAsync(Open, data);

        Assert.That(whole, Has.Count.GreaterThan(50));
    }

    [TestCaseSource(nameof(Samples))]
    public async Task Revealing_the_input_a_few_bytes_at_a_time_gives_the_same_frames(string sample)
    {
        var data = TestInputs.ReadSample(sample);
        var whole = await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, []));

        foreach (var step in new[] { 1, 2, 3, 7, 64, 1000, 4096 })
        {
            Assert.That(await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, step)), Is.EqualTo(whole), $"{sample} step {step}");
        }

        var random = new Random(sample.Length);
        var cuts = Enumerable.Range(0, 200).Select(_ => random.Next(1, data.Length)).ToArray();
        Assert.That(await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, cuts)), Is.EqualTo(whole), $"{sample} random cuts");
    }

    [TestCaseSource(nameof(Samples))]
    public async Task A_stream_that_cannot_seek_gives_the_same_frames_and_is_disposed_with_the_source(string sample)
    {
        var data = TestInputs.ReadSample(sample);
        var whole = await SourceFrames.DescribeAsync(Open, new FeedingPipeReader(data, []));
        var stream = new NonSeekableStream(data, seed: sample.Length, maxRead: 700);

        var (tracks, frames) = await SourceFrames.ReadAllAsync(new MkvFrameSource(stream, new MkvFrameSourceOptions { StreamReadSize = 1024 }));

        Assert.That(SourceFrames.Describe(tracks, frames), Is.EqualTo(whole));
        Assert.That(stream.IsDisposed, Is.True);
    }

    [Test]
    public async Task Leave_open_keeps_the_stream_and_hands_the_pipe_back_where_the_source_stopped()
    {
        var data = TestInputs.ReadSample("h264_aac.mkv");
        var stream = new NonSeekableStream(data);
        await (await Start(new MkvFrameSource(stream, leaveOpen: true))).DisposeAsync();
        Assert.That(stream.IsDisposed, Is.False);

        var pipe = new FeedingPipeReader(data, 100);
        await (await Start(new MkvFrameSource(pipe, leaveOpen: true))).DisposeAsync();
        Assert.That(pipe.IsCompleted, Is.False);
        // The pipe was advanced: a new read is allowed and starts after what the source consumed.
        var next = await pipe.ReadAsync();
        Assert.That(next.Buffer.Length, Is.LessThan(data.Length));
        pipe.AdvanceTo(next.Buffer.End);

        var owned = new FeedingPipeReader(data, 100);
        await (await Start(new MkvFrameSource(owned))).DisposeAsync();
        Assert.That(owned.IsCompleted, Is.True);
    }

    [Test]
    public async Task Frames_are_read_once_and_not_after_disposal()
    {
        var source = new MkvFrameSource(new MemoryStream(TestInputs.ReadSample("h264.mkv")));
        await using (source)
        {
            await foreach (var _ in source.ReadFramesAsync(CancellationToken.None))
            {
                break;
            }

            Assert.ThrowsAsync<InvalidOperationException>(async () => await source.ReadFramesAsync(CancellationToken.None).GetAsyncEnumerator().MoveNextAsync());
            Assert.That((await source.ReadTracksAsync(CancellationToken.None)).Single().CodecId, Is.EqualTo(MkvTrackEntry.H264CodecId));
        }

        Assert.ThrowsAsync<ObjectDisposedException>(async () => await source.ReadTracksAsync(CancellationToken.None));
    }

    [Test]
    public async Task Cancellation_stops_a_read_waiting_for_the_pipe()
    {
        var pipe = new Pipe();
        await using var source = new MkvFrameSource(pipe.Reader);
        using var cancellation = new CancellationTokenSource();

        var read = source.ReadTracksAsync(cancellation.Token).AsTask();
        await pipe.Writer.WriteAsync(TestInputs.ReadSample("h264.mkv").AsMemory(0, 100));
        Assert.That(read.IsCompleted, Is.False);
        await cancellation.CancelAsync();

        Assert.That(async () => await read, Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCaseSource(nameof(Samples))]
    public async Task Every_truncation_is_a_typed_error(string sample)
    {
        var data = TestInputs.ReadSample(sample);
        for (var length = 0; length < data.Length; length += length < 600 ? 1 : 97)
        {
            var error = await ReadError(data[..length]);
            if (error is not MkvFormatException)
            {
                Assert.Fail($"{sample} cut to {length} bytes: {error?.GetType().Name ?? "no error"} {error?.Message}");
            }
        }
    }

    [TestCaseSource(nameof(Samples))]
    public async Task Corrupted_input_gives_only_typed_errors(string sample)
    {
        var data = TestInputs.ReadSample(sample);
        var random = new Random(42);
        var failures = 0;
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])data.Clone();
            for (var j = random.Next(1, 4); j > 0; j--)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            var error = await ReadError(copy);
            failures += error is null ? 0 : 1;
            if (error is not (null or MkvFormatException))
            {
                Assert.Fail($"{sample} corruption {i}: {error.GetType().Name} {error.Message}\n{error.StackTrace}");
            }
        }

        Assert.That(failures, Is.Positive, "some corruptions must be detected");
    }

    private static async Task<MkvFrameSource> Start(MkvFrameSource source)
    {
        await source.ReadTracksAsync(CancellationToken.None);
        await using var frames = source.ReadFramesAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.That(await frames.MoveNextAsync(), Is.True);
        return source;
    }

    private static async Task<Exception?> ReadError(byte[] data)
    {
        try
        {
            await SourceFrames.ReadAllAsync(new MkvFrameSource(new MemoryStream(data)));
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
