using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>A producer that pauses: the service closes the idle connection, and the session carries on.</summary>
public class PutMediaIdleTests : PutMediaClientTest
{
    [Test]
    public async Task A_connection_the_service_closes_for_idleness_is_replaced_only_when_there_is_data_again()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        var frames = SyntheticVideo.Frames(fragments: 2).ToList();
        await WriteAsync(session, frames.Take(3));

        // The producer pauses mid-fragment; the service sends IDLE every 3 s and at 30 s closes the
        // connection, and with it the fragment: what arrived of it is all there is.
        var closed = ReadUntilAsync(events, e => e is PutMediaConnectionEvent { Connected: false });
        await AdvanceUntilAsync(() => closed.IsCompleted, TimeSpan.FromSeconds(1));
        var seen = await closed;
        Assert.That(seen.OfType<PutMediaAcknowledgement>().Count(a => a.EventType == PutMediaAckEventType.IDLE), Is.Positive);
        Assert.That(seen.OfType<PutMediaConnectionEvent>().Last().Reason, Is.EqualTo(PutMediaDisconnectReason.Idle));
        Assert.That(session.Summary().Connections, Is.EqualTo(1), "no new connection while there is nothing to send");

        // The rest of that fragment cannot join it any more and waits for the next key frame.
        await WriteAsync(session, frames.Skip(3));
        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That((summary.Connections, summary.FragmentsPersisted, summary.FramesSkipped), Is.EqualTo((2, 2L, 2L)));
        Assert.That(Stored("cam").Select(f => f.Frames.Count), Is.EqualTo(new[] { 3, 5 }));
    }

    [Test]
    public async Task A_session_that_went_idle_with_everything_delivered_completes_without_a_new_connection()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        var closed = ReadUntilAsync(events, e => e is PutMediaConnectionEvent { Connected: false });
        await AdvanceUntilAsync(() => closed.IsCompleted, TimeSpan.FromSeconds(1));
        await closed;

        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That((summary.Connections, summary.FragmentsWritten, summary.UndeliveredTimecodes.Count), Is.EqualTo((1, 0L, 0)));
    }
}
