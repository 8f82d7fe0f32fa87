using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>ERROR acknowledgements: a terminal one drops its fragment with a typed error, a retriable one resends it on a new connection.</summary>
public class PutMediaErrorAcknowledgementTests : PutMediaClientTest
{
    private static readonly int[] s_terminal = [4001, 4002, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4012, 4500, 4501, 4502, 4503, 4504, 4505, 4506];
    private static readonly int[] s_retriable = [4000, 4003, 5000, 5001];

    [TestCaseSource(nameof(s_terminal))]
    public async Task A_terminal_error_drops_its_fragment_with_a_typed_error_and_the_session_goes_on(int errorId)
    {
        var (summary, events, origin) = await UploadFailingFragmentAsync(errorId);
        var error = events.OfType<PutMediaAcknowledgement>().Single(a => a.EventType == PutMediaAckEventType.ERROR);
        Assert.That(error.ErrorId, Is.EqualTo(new PutMediaErrorId(errorId)));
        Assert.That(error.Error, Is.TypeOf<PutMediaFragmentException>());
        Assert.That((error.Error!.ErrorId.Value, error.Error.IsRetryable, error.Error.FragmentTimecode), Is.EqualTo((errorId, false, origin + 200)));
        Assert.That(error.Error.ErrorCode, Is.EqualTo(new PutMediaErrorId(errorId).Name));
        var dropped = events.OfType<PutMediaFragmentDropped>().Single();
        Assert.That((dropped.FragmentTimecode, dropped.Reason, dropped.Error), Is.EqualTo((origin + 200, PutMediaDropReason.TerminalError, error.Error)));
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode - origin), Is.EqualTo(new[] { 0L, 400, 600 }), "the refused fragment is not sent again");
        Assert.That((summary.FragmentsDropped, summary.FragmentsPersisted, summary.Connections), Is.EqualTo((1L, 3L, 2)));
    }

    [TestCaseSource(nameof(s_retriable))]
    public async Task A_retriable_error_sends_the_fragment_again_on_a_new_connection(int errorId)
    {
        var (summary, events, origin) = await UploadFailingFragmentAsync(errorId);
        var error = events.OfType<PutMediaAcknowledgement>().Single(a => a.EventType == PutMediaAckEventType.ERROR);
        Assert.That((error.Error!.ErrorId.Value, error.Error.IsRetryable), Is.EqualTo((errorId, true)));
        var reconnected = events.OfType<PutMediaConnectionEvent>().Where(c => c.Connected).ToList();
        Assert.That(reconnected.Select(c => (c.Connection, c.ResendFromTimecode)), Is.EqualTo(new (int, long?)[] { (1, null), (2, origin + 200) }));
        Assert.That(Stored("cam").Select(f => f.ClusterTimecode - origin), Is.EqualTo(new[] { 0L, 200, 400, 600 }), "every fragment stored once");
        Assert.That((summary.FragmentsDropped, summary.FragmentsPersisted, summary.Connections), Is.EqualTo((0L, 4L, 2)));
    }

    [Test]
    public async Task With_StopOnTerminalError_a_terminal_error_fails_the_session_with_it()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.FailFragment(fragmentIndex: 1, errorId: 4006);
        var options = SessionOptions("cam");
        options.StopOnTerminalError = true;
        await using var session = await Media.StartPutMediaAsync(options).WaitAsync(Wait);
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 3));

        var error = Assert.ThrowsAsync<PutMediaFragmentException>(() => session.CompleteAsync().WaitAsync(Wait));
        Assert.That(error!.ErrorId, Is.EqualTo(PutMediaErrorId.InvalidMkvData));
        Assert.ThrowsAsync<PutMediaFragmentException>(async () => await session.WriteFrameAsync(SyntheticVideo.Frame(100)));
    }

    [TestCase(4000, true)]
    [TestCase(4003, true)]
    [TestCase(5000, true)]
    [TestCase(5001, true)]
    [TestCase(4777, true)]
    [TestCase(6000, true)]
    [TestCase(4001, false)]
    [TestCase(4002, false)]
    [TestCase(4004, false)]
    [TestCase(4012, false)]
    [TestCase(4507, false)]
    public void Error_ids_are_classed_as_the_issue_and_the_AWS_producers_class_them(int id, bool retriable) =>
        Assert.That(new PutMediaErrorId(id).IsRetriable, Is.EqualTo(retriable));

    // Four fragments, the second refused once with errorId: what the session reports and the first fragment's timecode.
    private async Task<(PutMediaSummary Summary, List<PutMediaEvent> Events, long Origin)> UploadFailingFragmentAsync(int errorId)
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.FailFragment(fragmentIndex: 1, errorId);
        await using var session = await StartAsync("cam");
        var events = Collect(session);
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 4));
        var summary = await session.CompleteAsync().WaitAsync(Wait);
        return (summary, await events, session.TimestampOrigin.ToUnixTimeMilliseconds());
    }

    private static Task<List<PutMediaEvent>> Collect(PutMediaSession session) => Task.Run(async () =>
    {
        var events = new List<PutMediaEvent>();
        await foreach (var item in session.ReadEventsAsync())
        {
            events.Add(item);
        }

        return events;
    });
}
