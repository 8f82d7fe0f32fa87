using System.IO.Pipelines;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>The per-read idle timeout of media bodies, on the fake clock.</summary>
public class IdleTimeoutStreamTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_read_that_waits_past_the_idle_timeout_fails_with_a_timeout_and_so_does_every_later_read()
    {
        var time = new FakeTimeProvider();
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), s_timeout, time, CancellationToken.None);

        var read = stream.ReadAsync(new byte[16]).AsTask();
        await time.WaitForTimerAsync(d => d == s_timeout).WaitAsync(s_bound);
        time.Advance(s_timeout - TimeSpan.FromMilliseconds(1));
        Assert.That(read.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var error = Assert.ThrowsAsync<TimeoutException>(async () => await read.WaitAsync(s_bound));
        Assert.That(error!.Message, Does.Contain("No bytes arrived for 5 s"));
        Assert.ThrowsAsync<TimeoutException>(async () => _ = await stream.ReadAsync(new byte[16]));
    }

    [Test]
    public async Task Every_read_that_gets_bytes_starts_the_timeout_again()
    {
        var time = new FakeTimeProvider();
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), s_timeout, time, CancellationToken.None);
        var buffer = new byte[16];

        for (var i = 0; i < 3; i++)
        {
            var read = stream.ReadAsync(buffer).AsTask();
            time.Advance(TimeSpan.FromSeconds(4));
            await pipe.Writer.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.That(await read.WaitAsync(s_bound), Is.EqualTo(3), "12 s in all, but never 5 s without bytes");
        }
    }

    [Test]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        await using var stream = new IdleTimeoutStream(new Pipe().Reader.AsStream(), s_timeout, time, cancel.Token);

        var read = stream.ReadAsync(new byte[16]).AsTask();
        await cancel.CancelAsync();

        Assert.That(async () => await read.WaitAsync(s_bound), Throws.InstanceOf<OperationCanceledException>());
    }
}
