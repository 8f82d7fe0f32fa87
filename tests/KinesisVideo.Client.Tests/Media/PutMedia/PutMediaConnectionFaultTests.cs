using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Connections that drop, go stale or reach their age: each is replaced and nothing is lost.</summary>
public class PutMediaConnectionFaultTests : PutMediaClientTest
{
    private protected override void Configure(KinesisVideoClientOptions options) =>
        options.PutMedia.ConnectionRotationInterval = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_dropped_connection_is_replaced_and_the_fragments_not_yet_received_are_sent_again()
    {
        await CreateStreamAsync("cam");

        // The service drops the first connection part-way through the second fragment.
        Kvs.Faults.PutMedia.DropNextConnectionAfter(SyntheticVideo.Frames(fragments: 1).Sum(f => f.Data.Length) + 600);
        await using var session = await StartAsync("cam");
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 4));
        var summary = await session.CompleteAsync().WaitAsync(Wait);

        var connections = new List<PutMediaConnectionEvent>();
        while (await events.MoveNextAsync())
        {
            if (events.Current is PutMediaConnectionEvent connection)
            {
                connections.Add(connection);
            }
        }

        Assert.That(connections.Where(c => !c.Connected).Select(c => c.Reason), Does.Contain(PutMediaDisconnectReason.Dropped));
        Assert.That(connections.Single(c => c.Connected && c.Connection == 2).FragmentsResent, Is.Positive);
        var origin = session.TimestampOrigin.ToUnixTimeMilliseconds();
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode - origin).Distinct(), Is.EqualTo(new[] { 0L, 200, 400, 600 }));
        Assert.That(summary.Connections, Is.GreaterThanOrEqualTo(2));
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(4));
    }

    [Test]
    public async Task A_connection_without_a_BUFFERING_ack_for_the_staleness_timeout_is_replaced()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 1));
        await ReadUntilAsync(events, e => IsAck(e, PutMediaAckEventType.BUFFERING));

        // From now on the service takes the data but acknowledges nothing for a minute.
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.FromMinutes(1));
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 3).Skip(5));
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5)).WaitAsync(Wait);
        Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(session.Summary().Connections, Is.EqualTo(1), "not stale before 5 s");
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.Zero);
        Time.Advance(TimeSpan.FromSeconds(0.1));

        var seen = await ReadUntilAsync(events, e => e is PutMediaConnectionEvent { Connected: true, Connection: 2 });
        Assert.That(seen.OfType<PutMediaConnectionEvent>().Single(c => !c.Connected).Reason, Is.EqualTo(PutMediaDisconnectReason.Stale));
        Assert.That(Logs.Entries, Has.Some.Contains("is stale: no BUFFERING acknowledgement for 00:00:05"));
        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(3));
        var origin = session.TimestampOrigin.ToUnixTimeMilliseconds();
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode - origin).Distinct(), Is.EqualTo(new[] { 0L, 200, 400 }));
    }

    [Test]
    public async Task A_connection_reaching_its_age_is_rotated_at_a_fragment_boundary_and_nothing_is_sent_twice()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        var events = session.ReadEventsAsync().GetAsyncEnumerator();
        var frames = SyntheticVideo.Frames(fragments: 5).ToList();
        await WriteAsync(session, frames.Take(8));
        await ReadUntilAsync(events, e => IsAck(e, PutMediaAckEventType.PERSISTED));

        // A frame a second (as a live source would, so nothing goes idle) until the age limit passes.
        // The clock moves on only once every finished fragment is RECEIVED: acknowledgements come in
        // real time, and one still in flight when the clock jumps would look stale and be resent.
        foreach (var frame in frames.Skip(8))
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await session.WriteFrameAsync(frame);
            await Eventually.WaitUntilAsync(() => session.Progress.FragmentsReceived >= session.Progress.FragmentsWritten - 1);
        }

        // The new connection may meet the old one's lease and back off (on the clock) before it opens.
        var connected = ReadUntilAsync(events, e => e is PutMediaConnectionEvent { Connected: true, Connection: 2 });
        await AdvanceUntilAsync(() => connected.IsCompleted);
        var seen = await connected;
        var summary = await session.CompleteAsync().WaitAsync(Wait);

        Assert.That(seen.OfType<PutMediaConnectionEvent>().Last().FragmentsResent, Is.Zero);
        Assert.That(seen.OfType<PutMediaConnectionEvent>().Single(c => !c.Connected).Reason, Is.EqualTo(PutMediaDisconnectReason.Rotated));
        Assert.That(Logs.Entries, Has.Some.Contains("reached its age limit after 00:00:1"));
        var origin = session.TimestampOrigin.ToUnixTimeMilliseconds();
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode - origin), Is.EqualTo(new[] { 0L, 200, 400, 600, 800 }), "each fragment stored once");
        Assert.That((summary.Connections, summary.FragmentsPersisted), Is.EqualTo((2, 5L)));
    }
}
