using Amazon.Runtime;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Emulator.PutMedia;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Starting a session: options checked first, refusals typed, throttling and the connection limit retried.</summary>
public class PutMediaStartTests : PutMediaClientTest
{
    [Test]
    public async Task The_connection_limit_on_start_is_retried_until_the_other_producer_is_gone()
    {
        await CreateStreamAsync("cam");
        await using var other = await OpenRawAsync("cam");
        var starting = Media.StartPutMediaAsync(SessionOptions("cam"));

        // Each attempt meets the other connection and backs off on the clock.
        await AdvanceUntilAsync(() => Logs.Entries.Count(e => e.Contains("could not connect", StringComparison.Ordinal)) >= 3);
        Assert.That(starting.IsCompleted, Is.False);
        Assert.That(Logs.Entries, Has.Some.Contains(nameof(ConnectionLimitExceededException)));
        await other.EndBodyAsync();
        await other.ReadToEndAsync();

        await AdvanceUntilAsync(() => starting.IsCompleted);
        await using var session = await starting;
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 2));
        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(2));
    }

    [Test]
    public async Task Throttling_on_start_is_retried_with_backoff()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.ThrottleNext("PutMedia", 2);
        var starting = Media.StartPutMediaAsync(SessionOptions("cam"));

        await AdvanceUntilAsync(() => starting.IsCompleted);
        await using var session = await starting;
        Assert.That(Logs.Entries.Count(e => e.Contains(nameof(ClientLimitExceededException), StringComparison.Ordinal) && e.Contains("could not connect", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task A_stream_that_does_not_exist_fails_the_start_at_once_with_ResourceNotFound()
    {
        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => Media.StartPutMediaAsync(SessionOptions("missing")).WaitAsync(Wait));
        Assert.That(error!.Message, Does.Contain("missing"));
        Assert.That(Logs.Entries, Has.None.Contains("could not connect"), "not retried");
    }

    [Test]
    public async Task A_signature_the_service_does_not_accept_fails_the_start_at_once_and_leaks_nothing()
    {
        await CreateStreamAsync("cam");
        var options = ClientOptions();
        options.Credentials = new BasicAWSCredentials(Kvs.Credentials[0].AccessKeyId, "wrong-secret-key-that-must-not-leak");
        using var media = new KinesisVideoMediaClient(options);
        var start = SessionOptions("cam");
        start.Completion = PutMediaCompletion.Persisted;

        var error = Assert.ThrowsAsync<KinesisVideoException>(() => media.StartPutMediaAsync(start).WaitAsync(Wait));
        Assert.That(error!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
        Assert.That(error.ToString(), Does.Not.Contain("wrong-secret-key"));
        Assert.That(Logs.Entries, Has.None.Contains("could not connect"), "not retried");
        Assert.That(Logs.Entries, Has.None.Contains("wrong-secret-key"));
        Assert.That(Logs.Entries, Has.None.Contains("Signature="));
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Invalid_options_are_refused_before_anything_is_sent(Action<PutMediaSessionOptions> change, string paramName)
    {
        var options = SessionOptions("cam");
        change(options);

        var error = Assert.ThrowsAsync<ArgumentException>(() => Media.StartPutMediaAsync(options));
        Assert.That(error!.ParamName, Is.EqualTo(paramName));
        Assert.That(Logs.Entries, Is.Empty, "no call was made");
    }

    [Test]
    public async Task Frames_that_cannot_follow_are_refused_and_frames_before_the_first_key_frame_are_skipped()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");

        Assert.ThrowsAsync<ArgumentException>(async () => await session.WriteFrameAsync(new MediaFrame(2, TimeSpan.Zero, true, new byte[10])));
        Assert.ThrowsAsync<ArgumentException>(async () => await session.WriteFrameAsync(new MediaFrame(1, TimeSpan.Zero, true, default)));
        await session.WriteFrameAsync(new MediaFrame(1, TimeSpan.FromMilliseconds(-40), false, new byte[10]));
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 2));

        // Fragment 2 started at 200 ms; fragment 1 ended at 160 ms: nothing may go back before that now.
        var overlap = Assert.ThrowsAsync<InvalidOperationException>(async () => await session.WriteFrameAsync(new MediaFrame(1, TimeSpan.FromMilliseconds(150), false, new byte[10])));
        Assert.That(overlap!.Message, Does.Contain("not after the previous fragment's latest frame"));
        await session.WriteFrameAsync(new MediaFrame(1, TimeSpan.FromMilliseconds(170), false, new byte[10]));
        Assert.ThrowsAsync<InvalidOperationException>(async () => await session.WriteFrameAsync(new MediaFrame(1, TimeSpan.FromSeconds(11), false, new byte[10])), "a fragment lasts at most 10 s");

        var summary = await session.CompleteAsync().WaitAsync(Wait);
        Assert.That((summary.FramesSkipped, summary.FramesWritten, summary.FragmentsPersisted), Is.EqualTo((1L, 11L, 2L)));
        Assert.That(Stored("cam").Select(f => f.Frames.Count), Is.EqualTo(new[] { 5, 6 }));
    }

    [Test]
    public async Task Cancelling_the_completion_ends_the_session_at_once_and_says_what_was_not_delivered()
    {
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.DelayAcknowledgements(TimeSpan.FromMinutes(1));
        await using var session = await StartAsync("cam");
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 3));
        using var cancel = new CancellationTokenSource();

        var completing = session.CompleteAsync(cancel.Token);
        await cancel.CancelAsync();

        var error = Assert.ThrowsAsync<PutMediaCanceledException>(() => completing.WaitAsync(TimeSpan.FromSeconds(5)));
        var origin = session.TimestampOrigin.ToUnixTimeMilliseconds();
        Assert.That(error!.Summary.UndeliveredTimecodes, Is.EqualTo(new[] { origin, origin + 200, origin + 400 }));
        Assert.That(error.Message, Does.Contain("3 of 3 fragments not delivered"));
        Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await session.WriteFrameAsync(SyntheticVideo.Frame(100)));
    }

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return Case("no stream", o => o.StreamName = null, "StreamName");
        yield return Case("name and ARN", o => o.StreamARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1", "StreamName");
        yield return Case("no tracks", o => o.Tracks.Clear(), "Tracks");
        yield return Case("four tracks", o => o.Tracks = [SyntheticVideo.Track, SyntheticVideo.Track, SyntheticVideo.Track, SyntheticVideo.Track], "Tracks");
        yield return Case("tiny buffer", o => o.MaxBufferedBytes = 1000, "MaxBufferedBytes");
        yield return Case("fragments over 10 s", o => o.MinimumFragmentDuration = TimeSpan.FromSeconds(11), "MinimumFragmentDuration");
        yield return Case("no events kept", o => o.EventCapacity = 0, "EventCapacity");

        static TestCaseData Case(string name, Action<PutMediaSessionOptions> change, string param) => new TestCaseData(change, param).SetArgDisplayNames(name);
    }

    private async Task<RawPutMediaConnection> OpenRawAsync(string stream)
    {
        var pair = Kvs.Credentials[0];
        return await RawPutMediaConnection.OpenAsync(
            Kvs.DataEndpoint,
            Kvs.Region,
            new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey),
            Time,
            [new("x-amzn-stream-name", stream), new("x-amzn-fragment-timecode-type", "ABSOLUTE")]);
    }
}
