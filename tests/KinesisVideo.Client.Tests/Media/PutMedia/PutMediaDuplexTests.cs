using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Acknowledgements arrive while the upload goes on, and the upload never waits for them.</summary>
public class PutMediaDuplexTests : PutMediaClientTest
{
    [Test]
    public async Task The_PERSISTED_ack_of_fragment_1_is_read_before_fragment_3_is_written()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        await using var events = session.ReadEventsAsync().GetAsyncEnumerator();
        var frames = SyntheticVideo.Frames(fragments: 3, framesPerFragment: 5).ToList();
        var firstTimecode = session.TimestampOrigin.ToUnixTimeMilliseconds();

        // Fragment 1, then the key frame that opens fragment 2 (which tells the service fragment 1 is whole).
        foreach (var frame in frames.Take(6))
        {
            await session.WriteFrameAsync(frame);
        }

        var seen = await ReadUntilAsync(events, e => IsAck(e, PutMediaAckEventType.PERSISTED, firstTimecode));
        Assert.That(session.Progress.FramesWritten, Is.EqualTo(6), "fragment 3 is not written yet");
        Assert.That(seen.OfType<PutMediaAcknowledgement>().Select(a => a.EventType.Value), Is.SupersetOf(new[] { "BUFFERING", "RECEIVED", "PERSISTED" }));

        foreach (var frame in frames.Skip(6))
        {
            await session.WriteFrameAsync(frame);
        }

        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That((summary.FragmentsWritten, summary.FragmentsPersisted, summary.Connections), Is.EqualTo((3L, 3L, 1)));
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode), Is.EqualTo(new[] { firstTimecode, firstTimecode + 200, firstTimecode + 400 }));
    }

    [Test]
    public async Task Writing_never_waits_for_acknowledgements_while_the_service_delays_them()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.FromSeconds(3));
        await using var session = await StartAsync("cam");

        // Every frame is taken at once although no acknowledgement can arrive until the clock moves.
        foreach (var frame in SyntheticVideo.Frames(fragments: 20))
        {
            Assert.That(session.WriteFrameAsync(frame).AsTask().IsCompletedSuccessfully, Is.True);
        }

        await Eventually.WaitUntilAsync(() => Stored("cam").Count == 19);
        Assert.That(session.Progress.FragmentsReceived, Is.Zero, "the acknowledgements are still held back");
        Time.Advance(TimeSpan.FromSeconds(3));
        var completing = session.CompleteAsync();
        await Eventually.WaitUntilAsync(() => session.Progress.FragmentsPersisted == 19);
        Time.Advance(TimeSpan.FromSeconds(3));
        var summary = await completing.WaitAsync(Wait);
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(20));
    }
}
