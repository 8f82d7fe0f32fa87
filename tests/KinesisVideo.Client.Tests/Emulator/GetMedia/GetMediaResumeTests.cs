using System.Threading.Channels;
using Amazon.Runtime;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>
/// The self-resuming GetMedia read against the emulator, both on one fake clock: idle timeouts,
/// the service's 3 s end of a caught-up response, backoff and the 3-reader limit play out as the
/// test advances the clock, and nothing waits on real time.
/// </summary>
public class GetMediaResumeTests : GetMediaTest
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_idleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(2);

    private KinesisVideoMediaClient _client = null!;
    private CapturingLoggerProvider _logs = null!;
    private CancellationTokenSource _stop = null!;

    private TimeSpan ServiceIdle => Kvs.State.Media.GetMediaIdleTimeout;

    [SetUp]
    public void CreateClient()
    {
        _logs = new CapturingLoggerProvider();
        _stop = new CancellationTokenSource(s_bound);
        var pair = Kvs.Credentials[0];
        var options = new KinesisVideoClientOptions
        {
            Region = Kvs.Region,
            ServiceUrl = Kvs.ServiceUrl,
            Credentials = new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey),
            TimeProvider = Time,
            LoggerFactory = _logs,
        };
        options.Retry.MaxRetries = 0;
        options.GetMedia.IdleTimeout = s_idleTimeout;
        options.GetMedia.ResumeBaseDelay = TimeSpan.FromSeconds(1);
        options.GetMedia.ResumeMaxDelay = s_maxBackoff;
        options.GetMedia.MaxConsecutiveFailures = 20;
        _client = new KinesisVideoMediaClient(options);
    }

    [TearDown]
    public void DisposeClient()
    {
        _stop.Cancel();
        _stop.Dispose();
        _client.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task A_read_stalled_past_the_idle_timeout_resumes_on_a_new_connection_after_a_backoff()
    {
        var seeded = await CreateSeededStreamAsync(3);
        Kvs.Faults.GetMedia.DelayEachFragment(TimeSpan.FromHours(1));
        var read = Collect(GetMediaReadMode.Bounded, StartSelectorType.EARLIEST);

        await Time.WaitForTimerAsync(d => d == s_idleTimeout).WaitAsync(s_bound);
        Kvs.Faults.Reset();
        Time.Advance(s_idleTimeout);
        var backoff = await Time.WaitForTimerAsync(IsBackoff).WaitAsync(s_bound);
        Assert.That(read.Received, Is.Empty, "nothing before the backoff has passed");
        Time.Advance(backoff);

        Assert.That(await FinishAsync(read), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
        Assert.That(_logs.Entries, Has.One.Contains("failed before delivering a fragment (No bytes arrived for 5 s"));
    }

    [Test]
    public async Task A_live_read_resumes_from_its_continuation_token_when_the_service_ends_a_caught_up_response()
    {
        var seeded = await CreateSeededStreamAsync(2);
        var read = Collect(GetMediaReadMode.Follow, StartSelectorType.EARLIEST);
        Assert.That(await read.NextAsync(2), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));

        await EndResponseAsync();
        await Time.WaitForTimerAsync(d => d == ServiceIdle).WaitAsync(s_bound);
        var third = Append(seed: 3);
        Assert.That(await read.NextAsync(1), Is.EqualTo(new[] { third.FragmentNumber }));
        await EndResponseAsync();
        await Time.WaitForTimerAsync(d => d == ServiceIdle).WaitAsync(s_bound);
        var fourth = Append(seed: 4);
        Assert.That(await read.NextAsync(1), Is.EqualTo(new[] { fourth.FragmentNumber }));

        Assert.That(_logs.Count(203), Is.Zero, "every response delivered something before it ended");
        Assert.That(_logs.Entries, Has.Some.Contains($"reading from continuation token {seeded[1].FragmentNumber}"));
        Assert.That(_logs.Entries, Has.Some.Contains($"reading from continuation token {third.FragmentNumber}"));
    }

    [Test]
    public async Task A_live_read_waits_through_caught_up_responses_and_cancelling_it_ends_it_at_once()
    {
        await CreateSeededStreamAsync(2);
        var read = Collect(GetMediaReadMode.Auto, StartSelectorType.NOW);
        await EndResponseAsync();
        await EndResponseAsync();
        await Time.WaitForTimerAsync(d => d == ServiceIdle).WaitAsync(s_bound);

        var started = Time.GetUtcNow();
        _stop.Cancel();

        Assert.That(async () => await read.Done, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Time.GetUtcNow(), Is.EqualTo(started), "no timer had to fire");
        Assert.That(read.Received, Is.Empty, "NOW: nothing stored before the read began");
        Assert.That(_logs.Count(203), Is.EqualTo(2), "caught up twice, and went on");
    }

    [Test]
    public async Task The_stream_s_three_reader_limit_is_waited_out_with_backoff()
    {
        var seeded = await CreateSeededStreamAsync(2);
        var holders = new List<MediaBody>();
        for (var i = 0; i < 3; i++)
        {
            holders.Add(await OpenAsync("""{"StartSelectorType":"NOW"}"""));
        }

        var read = Collect(GetMediaReadMode.Bounded, StartSelectorType.EARLIEST);
        Time.Advance(await Time.WaitForTimerAsync(IsBackoff).WaitAsync(s_bound));
        await holders[0].DisposeAsync();
        while (read.Received.Count == 0)
        {
            // The emulator frees the reader's slot once it sees the connection close; until then the read backs off again.
            var next = await Task.WhenAny(Time.WaitForTimerAsync(IsBackoff), read.FirstArrived).WaitAsync(s_bound);
            if (next is Task<TimeSpan> backoff)
            {
                Time.Advance(await backoff);
            }
        }

        Assert.That(await FinishAsync(read), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
        Assert.That(_logs.Entries, Has.Some.Contains("failed before delivering a fragment (Kinesis Video Streams has throttled the request because you have exceeded the limit of 3 concurrent GetMedia connections"));
        foreach (var holder in holders.Skip(1))
        {
            await holder.DisposeAsync();
        }
    }

    [Test]
    public async Task Throttling_is_retried_after_jittered_backoff_delays_capped_at_the_maximum()
    {
        var seeded = await CreateSeededStreamAsync(1);
        Kvs.Faults.ThrottleNext("GetMedia", 4);
        var read = Collect(GetMediaReadMode.Bounded, StartSelectorType.EARLIEST);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            delays.Add(await Time.WaitForTimerAsync(IsBackoff).WaitAsync(s_bound));
            Time.Advance(delays[^1]);
        }

        Assert.That(await FinishAsync(read), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
        Assert.That(delays, Has.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(s_maxBackoff));
        Assert.That(_logs.Count(202), Is.EqualTo(4));
        Assert.That(_logs.Entries.Where(e => e.Contains("attempt", StringComparison.Ordinal)).Select(e => e.Contains("ClientLimitExceededException", StringComparison.Ordinal)), Has.All.True);
    }

    // The read's own backoff (the resume pipeline); the idle timeouts are 3 s (service) and 5 s (read).
    private static bool IsBackoff(TimeSpan delay) => delay > TimeSpan.Zero && delay <= s_maxBackoff;

    // Lets the emulator's idle timeout end the response it is holding open.
    private async Task EndResponseAsync()
    {
        await Time.WaitForTimerAsync(d => d == ServiceIdle).WaitAsync(s_bound);
        Time.Advance(ServiceIdle);
    }

    // Lets the emulator's idle timeouts end every response it holds open until the bounded read is done.
    private async Task<List<string>> FinishAsync(Reading read)
    {
        while (!read.Done.IsCompleted)
        {
            var idle = Time.WaitForTimerAsync(d => d == ServiceIdle);
            if (await Task.WhenAny(idle, read.Done).WaitAsync(s_bound) == idle)
            {
                Time.Advance(ServiceIdle);
            }
        }

        return await read.Done;
    }

    private Reading Collect(GetMediaReadMode mode, StartSelectorType type) =>
        new(_client.ReadMediaAsync(new GetMediaRequest { StreamName = StreamName, StartSelector = new StartSelector { StartSelectorType = type } }, new GetMediaReadOptions { Mode = mode }, _stop.Token));

    /// <summary>A read running in the background, its fragment numbers collected as they arrive.</summary>
    private sealed class Reading
    {
        private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>();
        private readonly List<string> _received = [];
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Reading(IAsyncEnumerable<MediaFragment> fragments) => Done = RunAsync(fragments);

        public Task<List<string>> Done { get; }

        public Task FirstArrived => _first.Task;

        public List<string> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public async Task<List<string>> NextAsync(int count)
        {
            var next = new List<string>();
            while (next.Count < count)
            {
                next.Add(await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(s_bound));
            }

            return next;
        }

        private async Task<List<string>> RunAsync(IAsyncEnumerable<MediaFragment> fragments)
        {
            await foreach (var fragment in fragments)
            {
                lock (_received)
                {
                    _received.Add(fragment.FragmentNumber!);
                }

                _first.TrySetResult();
                await _arrivals.Writer.WriteAsync(fragment.FragmentNumber!);
            }

            return Received;
        }
    }
}
