using Amazon.Runtime;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>What a session puts in the stream: metadata, timecodes of both types, and logs without secrets.</summary>
public class PutMediaStreamContentTests : PutMediaClientTest
{
    private const string SecretKey = "session-secret-key/that-must-never-be-logged";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-never-logged";

    private protected override void Configure(KinesisVideoEmulatorOptions options)
    {
        options.Credentials.Add(EmulatorCredentials.Default);
        options.Credentials.Add(new EmulatorCredentials("ASIAKVSEMULATOR00001", SecretKey, SessionToken));
    }

    [Test]
    public async Task Metadata_goes_to_the_next_fragment_and_persistent_metadata_to_every_fragment_until_removed()
    {
        await CreateStreamAsync("cam");
        await using var session = await StartAsync("cam");
        var frames = SyntheticVideo.Frames(fragments: 4).ToList();

        session.AddFragmentMetadata("camera", "door", persistent: true);
        session.AddFragmentMetadata("event", "motion");
        await WriteAsync(session, frames.Take(5));
        await WriteAsync(session, frames.Skip(5).Take(5));
        session.AddFragmentMetadata("event", "person");
        await WriteAsync(session, frames.Skip(10).Take(5));
        session.AddFragmentMetadata("camera", string.Empty, persistent: true);
        await WriteAsync(session, frames.Skip(15));
        await session.CompleteAsync().WaitAsync(Wait);

        Assert.That(Stored("cam").Select(f => string.Join(",", f.Metadata.Select(m => $"{m.Key}={m.Value}"))), Is.EqualTo(new[]
        {
            "camera=door,event=motion",
            "camera=door",
            "camera=door,event=person",
            string.Empty,
        }));
        Assert.Throws<ArgumentException>(() => session.AddFragmentMetadata("AWS_KINESISVIDEO_X", "v"));
        Assert.Throws<ArgumentException>(() => session.AddFragmentMetadata("n", new string('v', 257)));
    }

    [Test]
    public async Task Relative_timecodes_count_from_the_origin_which_is_sent_as_the_producer_start_timestamp()
    {
        await CreateStreamAsync("cam");
        var options = SessionOptions("cam");
        options.TimecodeType = PutMediaTimecodeType.Relative;
        options.TimestampOrigin = Time.GetUtcNow().AddMinutes(-5);
        await using var session = await Media.StartPutMediaAsync(options).WaitAsync(Wait);
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 2));
        await session.CompleteAsync().WaitAsync(Wait);

        var stored = Stored("cam");
        Assert.That(stored.Select(f => f.ClusterTimecode), Is.EqualTo(new[] { 0L, 200 }));
        var origin = DateTimeOffset.FromUnixTimeMilliseconds(options.TimestampOrigin.Value.ToUnixTimeMilliseconds());
        Assert.That(stored.Select(f => f.ProducerTimestamp), Is.EqualTo(new[] { origin, origin.AddMilliseconds(200) }));
    }

    [Test]
    public async Task Trace_logs_of_a_whole_session_with_a_drop_and_an_error_carry_no_secret_token_or_signature()
    {
        await CreateStreamAsync("cam");
        var options = ClientOptions();
        options.Credentials = new SessionAWSCredentials("ASIAKVSEMULATOR00001", SecretKey, SessionToken);
        using var media = new KinesisVideoMediaClient(options);
        Kvs.Faults.PutMedia.DropNextConnectionAfter(3000);
        Kvs.Faults.PutMedia.FailFragment(fragmentIndex: 3, errorId: 5000);
        await using var session = await media.StartPutMediaAsync(SessionOptions("cam")).WaitAsync(Wait);
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 6));

        // Acknowledgements the drop's reset discards can leave two connections in a row unproductive,
        // and the next then waits its backoff on the fake clock: the clock moves until the end.
        var completing = session.CompleteAsync();
        await AdvanceUntilAsync(() => completing.IsCompleted);
        var summary = await completing;

        Assert.That(summary.Connections, Is.GreaterThanOrEqualTo(3), "a drop and an error each cost a connection");
        Assert.That(Logs.Entries, Is.Not.Empty);
        foreach (var entry in Logs.Entries)
        {
            Assert.That(entry, Does.Not.Contain(SecretKey).And.Not.Contain(SessionToken).And.Not.Contain("Signature=").And.Not.Contain("X-Amz-Security-Token"));
        }
    }
}
