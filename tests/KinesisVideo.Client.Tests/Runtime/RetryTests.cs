using System.Net;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>
/// How many attempts each kind of failure gets, over a real connection, with the retry delays
/// played through a fake clock (nothing sleeps).
/// </summary>
public class RetryTests : FakeServerTest
{
    private const int MaxRetries = 3;
    [TestCase(HttpStatusCode.BadRequest, "ClientLimitExceededException", MaxRetries + 1, TestName = "ClientLimitExceededException (400) is retried")]
    [TestCase(HttpStatusCode.BadRequest, "ThrottlingException", MaxRetries + 1, TestName = "ThrottlingException (400) is retried")]
    [TestCase(HttpStatusCode.TooManyRequests, "", MaxRetries + 1, TestName = "HTTP 429 is retried")]
    [TestCase(HttpStatusCode.InternalServerError, "InternalFailure", MaxRetries + 1, TestName = "HTTP 500 is retried")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", MaxRetries + 1, TestName = "HTTP 503 is retried")]
    [TestCase(HttpStatusCode.BadRequest, "InvalidArgumentException", 1, TestName = "InvalidArgumentException (400) is not retried")]
    [TestCase(HttpStatusCode.NotFound, "ResourceNotFoundException", 1, TestName = "ResourceNotFoundException (404) is not retried")]
    [TestCase(HttpStatusCode.Unauthorized, "NotAuthorizedException", 1, TestName = "NotAuthorizedException (401) is not retried")]
    [TestCase(HttpStatusCode.BadRequest, "VersionMismatchException", 1, TestName = "VersionMismatchException (400) is not retried")]
    [TestCase(HttpStatusCode.BadRequest, "ConnectionLimitExceededException", 1, TestName = "ConnectionLimitExceededException (400) is not retried")]
    [TestCase(HttpStatusCode.Forbidden, "InvalidSignatureException", 1, TestName = "A refused signature (403) is not retried")]
    public async Task Attempts_per_error_class(HttpStatusCode status, string code, int expectedAttempts)
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, status, code.Length == 0 ? null : $$"""{"__type":"{{code}}","message":"no"}""");
        using var client = TestClients.ControlPlane(Server, Time);

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        var delays = await TestClients.DriveAsync(Swallow(call), Time);

        var error = Assert.ThrowsAsync(Is.InstanceOf<KinesisVideoException>(), () => call);
        Assert.Multiple(() =>
        {
            Assert.That(Server.Requests, Has.Count.EqualTo(expectedAttempts));
            Assert.That(delays, Has.Count.EqualTo(expectedAttempts - 1));
            Assert.That(((KinesisVideoException)error!).StatusCode, Is.EqualTo(status));
        });
    }

    [Test]
    public async Task A_call_that_is_throttled_twice_then_answered_succeeds_on_the_third_attempt()
    {
        Server.EnqueueError(HttpStatusCode.BadRequest, "ClientLimitExceededException", "slow down");
        Server.EnqueueError(HttpStatusCode.BadRequest, "ClientLimitExceededException", "slow down");
        Server.EnqueueResponse(HttpStatusCode.OK, """{"StreamInfo":{"StreamName":"s"}}""");
        using var client = TestClients.ControlPlane(Server, Time);

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        await TestClients.DriveAsync(call, Time);

        Assert.Multiple(async () =>
        {
            Assert.That((await call).StreamInfo!.StreamName, Is.EqualTo("s"));
            Assert.That(Server.Requests, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Delays_grow_with_jitter_and_never_pass_the_cap()
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, HttpStatusCode.ServiceUnavailable, null);
        using var client = TestClients.ControlPlane(Server, Time, options =>
        {
            options.Retry.MaxRetries = 8;
            options.Retry.BaseDelay = TimeSpan.FromMilliseconds(100);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        });

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        var delays = await TestClients.DriveAsync(Swallow(call), Time);

        Assert.Multiple(() =>
        {
            Assert.That(delays, Has.Count.EqualTo(8));
            Assert.That(delays.Min(), Is.GreaterThan(TimeSpan.Zero));
            Assert.That(delays.Max(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(delays.Distinct().Count(), Is.GreaterThan(1), "jitter spreads the delays");
            Assert.That(delays.Skip(4).Average(d => d.TotalMilliseconds), Is.GreaterThan(delays.Take(2).Average(d => d.TotalMilliseconds)), "later delays are longer");
            Assert.That(Server.Requests, Has.Count.EqualTo(9));
        });
    }

    [Test]
    public async Task A_dropped_connection_is_retried()
    {
        Server.EnqueueDrop();
        Server.EnqueueResponse(HttpStatusCode.OK, """{"StreamInfo":{"StreamName":"s"}}""");
        using var client = TestClients.ControlPlane(Server, Time);

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        await TestClients.DriveAsync(call, Time);

        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var port = Server.Url.Port;
        await RestartServerAsync();
        using var client = TestClients.ControlPlane(Server, Time, options => options.ServiceUrl = new Uri($"http://127.0.0.1:{port}/"));

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        var delays = await TestClients.DriveAsync(Swallow(call), Time);

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<HttpRequestException>(() => call);
            Assert.That(delays, Has.Count.EqualTo(MaxRetries));
        });
    }

    [Test]
    public async Task An_attempt_that_hangs_past_the_attemptTimeout_is_abandoned_and_retried()
    {
        Server.EnqueueHang();
        Server.EnqueueResponse(HttpStatusCode.OK, """{"StreamInfo":{"StreamName":"s"}}""");
        using var client = TestClients.ControlPlane(Server, Time, options =>
        {
            options.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        });

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        await WaitForRequestsAsync(1);
        Time.Advance(await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5)));
        await TestClients.DriveAsync(call, Time, longestDelay: TimeSpan.FromSeconds(2));

        Assert.Multiple(async () =>
        {
            Assert.That((await call).StreamInfo!.StreamName, Is.EqualTo("s"));
            Assert.That(Server.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task When_every_attemptTimes_out_the_caller_gets_a_TimeoutException()
    {
        Server.Fallback = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var client = TestClients.ControlPlane(Server, Time, options =>
        {
            options.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.Retry.MaxRetries = 1;
        });

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await WaitForRequestsAsync(attempt);
            Time.Advance(await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5)));
            if (attempt == 1)
            {
                Time.Advance(await Time.WaitForTimerAsync(d => d < TimeSpan.FromSeconds(5)));
            }
        }

        var error = Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.That(error!.Message, Does.Contain("DescribeStream did not complete within its timeout (00:00:05)"));
    }

    [Test]
    public async Task The_callTimeout_bounds_all_attempts_and_delays_together()
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, HttpStatusCode.ServiceUnavailable, null);
        using var client = TestClients.ControlPlane(Server, Time, options =>
        {
            options.CallTimeout = TimeSpan.FromSeconds(50);
            options.Retry.MaxRetries = 50;
            options.Retry.BaseDelay = TimeSpan.FromSeconds(5);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        });

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        await TestClients.DriveAsync(Swallow(call), Time);

        Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.That(Server.Requests, Has.Count.LessThan(50));
    }

    [Test]
    public async Task Retries_off_means_one_attempt()
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, HttpStatusCode.ServiceUnavailable, null);
        using var client = TestClients.ControlPlane(Server, Time, options => options.Retry.MaxRetries = 0);

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        await TestClients.DriveAsync(Swallow(call), Time);

        Assert.ThrowsAsync<KinesisVideoException>(() => call);
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Cancelling_during_a_retry_delay_ends_the_call_at_once()
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, HttpStatusCode.ServiceUnavailable, null);
        using var client = TestClients.ControlPlane(Server, Time);
        using var cancellation = new CancellationTokenSource();

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }, cancellation.Token);
        await Time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1));
        await cancellation.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.CatchAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.That(Server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Cancelling_while_theServer_has_not_answered_ends_the_call_at_once_without_a_retry()
    {
        Server.Fallback = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var client = TestClients.ControlPlane(Server, Time);
        using var cancellation = new CancellationTokenSource();

        var call = client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }, cancellation.Token);
        await WaitForRequestsAsync(1);
        await cancellation.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.CatchAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.That(Server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void An_already_cancelled_token_sends_nothing()
    {
        using var client = TestClients.ControlPlane(Server, Time);

        Assert.CatchAsync<OperationCanceledException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }, new CancellationToken(canceled: true)));
        Assert.That(Server.Requests, Is.Empty);
    }

    private Task WaitForRequestsAsync(int count) => Eventually.WaitUntilAsync(() => Server.Requests.Count >= count);

    private static async Task Swallow(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception)
        {
            // The test inspects the failure itself.
        }
    }
}
