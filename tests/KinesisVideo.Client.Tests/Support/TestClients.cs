using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.Tests.Support;

/// <summary>Clients pointed at a <see cref="FakeKinesisVideoServer"/>, and a way to play their retries through a fake clock.</summary>
internal static class TestClients
{
    public const string AccessKey = "AKIDTESTCLIENT";
    public const string SecretKey = "sEcReT/kEy+ForTests0123456789abcdefghij";
    public const string Region = "us-west-2";

    public static KinesisVideoClientOptions Options(FakeKinesisVideoServer server, TimeProvider time, AWSCredentials? credentials = null) =>
        Options(server.Url, time, credentials);

    /// <summary>Options for a client of the server at <paramref name="serviceUrl"/> (a WireMock stub, for example).</summary>
    public static KinesisVideoClientOptions Options(Uri serviceUrl, TimeProvider time, AWSCredentials? credentials = null) => new()
    {
        Region = Region,
        ServiceUrl = serviceUrl,
        Credentials = credentials ?? new BasicAWSCredentials(AccessKey, SecretKey),
        TimeProvider = time,
        // Long enough never to fire unless a test advances the clock that far.
        AttemptTimeout = TimeSpan.FromMinutes(10),
    };

    public static KinesisVideoClient ControlPlane(FakeKinesisVideoServer server, TimeProvider time, Action<KinesisVideoClientOptions>? configure = null, AWSCredentials? credentials = null)
    {
        var options = Options(server, time, credentials);
        configure?.Invoke(options);
        return new KinesisVideoClient(options);
    }

    /// <summary>
    /// Awaits <paramref name="call"/>, advancing the fake clock past every retry delay it schedules
    /// (timers up to <paramref name="longestDelay"/>, one minute by default; attempt timeouts must be
    /// longer). Returns the delays it skipped.
    /// </summary>
    public static async Task<List<TimeSpan>> DriveAsync(Task call, FakeTimeProvider time, TimeSpan? extraPerDelay = null, TimeSpan? longestDelay = null)
    {
        var longest = longestDelay ?? TimeSpan.FromMinutes(1);
        var delays = new List<TimeSpan>();
        var guard = Task.Delay(TimeSpan.FromSeconds(30));
        while (!call.IsCompleted)
        {
            var timer = time.WaitForTimerAsync(d => d <= longest);
            var first = await Task.WhenAny(call, timer, guard);
            if (first == guard)
            {
                Assert.Fail("The call neither completed nor scheduled a retry within 30 seconds.");
            }

            if (first == timer)
            {
                var delay = await timer;
                delays.Add(delay);
                time.Skew(extraPerDelay ?? TimeSpan.Zero);
                time.Advance(delay);
            }
        }

        await call;
        return delays;
    }
}
