using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>The buffer keeps fragments until they are acknowledged; when it is full, its policy applies.</summary>
public class PutMediaBufferTests : PutMediaClientTest
{
    // Each fragment of 5 frames of 2 KB: a 64 KiB buffer holds about 6 of them.
    private static IEnumerable<MediaFrame> Frames(int fragments) => SyntheticVideo.Frames(fragments, minBytes: 2048, maxBytes: 2049);

    [Test]
    public async Task Wait_holds_the_writer_until_acknowledgements_free_room()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.FromSeconds(2));
        await using var session = await StartAsync("cam", PutMediaBufferFullPolicy.Wait);
        var frames = Frames(fragments: 12).ToList();

        var written = 0;
        Task write;
        while ((write = session.WriteFrameAsync(frames[written]).AsTask()).IsCompleted)
        {
            await write;
            written++;
        }

        Assert.That(written, Is.InRange(25, 40), "the writer waits once the buffer holds about 64 KiB");
        var waiting = Task.Run(async () =>
        {
            await write;
            foreach (var frame in frames.Skip(written + 1))
            {
                await session.WriteFrameAsync(frame);
            }
        });

        // The held acknowledgements go out as the clock moves, and room comes with them.
        await AdvanceUntilAsync(() => waiting.IsCompleted, TimeSpan.FromMilliseconds(500));
        await waiting;
        var summary = await Complete(session);
        Assert.That((summary.FragmentsPersisted, summary.FragmentsDropped), Is.EqualTo((12L, 0L)));
    }

    [Test]
    public async Task Fail_refuses_the_frame_that_does_not_fit_and_keeps_everything_taken_before_it()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.FromSeconds(2));
        await using var session = await StartAsync("cam", PutMediaBufferFullPolicy.Fail);
        var frames = Frames(fragments: 12).ToList();

        var written = 0;
        PutMediaBufferFullException? full = null;
        try
        {
            for (; written < frames.Count; written++)
            {
                await session.WriteFrameAsync(frames[written]);
            }
        }
        catch (PutMediaBufferFullException e)
        {
            full = e;
        }

        Assert.That(full, Is.Not.Null);
        Assert.That(full!.Message, Does.Contain("MaxBufferedBytes 65536"));
        Assert.That(session.Progress.FramesWritten, Is.EqualTo(written), "the refused frame is not taken");
        var summary = await Complete(session);
        Assert.That(summary.FramesWritten, Is.EqualTo(written));
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(summary.FragmentsWritten));
        Assert.That(Stored("cam"), Has.Count.EqualTo(summary.FragmentsWritten));
    }

    [Test]
    public async Task DropOldest_drops_the_oldest_fragments_with_an_event_and_the_writer_never_waits()
    {
        await CreateStreamAsync("cam");

        // The service takes nothing: every connection drops at once, so nothing is ever acknowledged.
        Kvs.Faults.PutMedia.DropConnectionsRandomly(seed: 1, maxBodyBytes: 1);
        await using var session = await StartAsync("cam", PutMediaBufferFullPolicy.DropOldest);
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        var frames = Frames(fragments: 12).ToList();
        Assert.That(session.WriteFrameAsync(frames[0]).AsTask().IsCompletedSuccessfully, Is.True);

        // The fragment being sent is never dropped. Two connections ended unproductive put the upload
        // loop in its backoff on the fake clock, sending nothing, so the oldest fragment is free to go.
        await Eventually.WaitUntilAsync(() => Logs.Count(101) >= 2);
        foreach (var frame in frames.Skip(1))
        {
            Assert.That(session.WriteFrameAsync(frame).AsTask().IsCompletedSuccessfully, Is.True);
        }

        var seen = await ReadUntilAsync(events, e => e is PutMediaFragmentDropped);
        var dropped = seen.OfType<PutMediaFragmentDropped>().Single();
        Assert.That((dropped.Reason, dropped.FragmentTimecode), Is.EqualTo((PutMediaDropReason.BufferFull, session.TimestampOrigin.ToUnixTimeMilliseconds())));
        Assert.That(session.Progress.FragmentsDropped, Is.InRange(5, 7));
        Assert.That(Logs.Entries, Has.Some.Contains("dropped (BufferFull)"));

        // Once the service takes data again, what is left is delivered.
        Kvs.Faults.Reset();
        var completing = session.CompleteAsync();
        await AdvanceUntilAsync(() => completing.IsCompleted, TimeSpan.FromMilliseconds(200));
        var summary = await completing;
        Assert.That(summary.FragmentsPersisted + summary.FragmentsDropped, Is.EqualTo(12));
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode).Distinct().Count(), Is.EqualTo(summary.FragmentsPersisted));
    }

    [Test]
    public async Task A_fragment_that_alone_outgrows_the_buffer_is_refused_whatever_the_policy()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam", PutMediaBufferFullPolicy.Wait);

        // One key frame, then only non-key frames: the fragment can never be sealed and acknowledged.
        var error = Assert.ThrowsAsync<PutMediaBufferFullException>(async () =>
        {
            foreach (var frame in Frames(fragments: 1).Concat(Enumerable.Range(5, 100).Select(i => SyntheticVideo.Frame(i, framesPerFragment: 1000, minBytes: 2048, maxBytes: 2049))))
            {
                await session.WriteFrameAsync(frame).AsTask().WaitAsync(Wait);
            }
        });
        Assert.That(error!.Message, Does.Contain("alone outgrows the buffer"));
    }

    private Task<PutMediaSession> StartAsync(string stream, PutMediaBufferFullPolicy policy)
    {
        var options = SessionOptions(stream);
        options.MaxBufferedBytes = 64 * 1024;
        options.BufferFullPolicy = policy;
        return Media.StartPutMediaAsync(options).WaitAsync(Wait);
    }

    private async Task<PutMediaSummary> Complete(PutMediaSession session)
    {
        var completing = session.CompleteAsync();
        await AdvanceUntilAsync(() => completing.IsCompleted, TimeSpan.FromMilliseconds(500));
        return await completing;
    }
}
