using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed class PutMediaTimingTests : PutMediaTest
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private protected override void Configure(KinesisVideoEmulatorOptions options) =>
        options.Media = options.Media with { PutMediaMaxConnectionDuration = TimeSpan.FromMinutes(2) };

    [SetUp]
    public Task CreateStream() => CreateStreamAsync("cam");

    [Test]
    public async Task Idle_acks_come_every_interval_without_data_and_the_connection_closes_after_the_idle_timeout()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await connection.ReadUntilAsync("BUFFERING");

        for (var second = 3; second < 30; second += 3)
        {
            await AdvanceIdleTimerAsync();
            var idle = await connection.ReadAckAsync();
            Assert.That(idle?.Json, Is.EqualTo("""{"EventType":"IDLE"}"""), $"at {second} s");
        }

        // At 30 s without data the service closes the request; the open fragment is kept.
        await AdvanceIdleTimerAsync();
        var rest = await connection.ReadToEndAsync();
        Assert.That(rest.Select(a => a.EventType), Is.EqualTo(new[] { "RECEIVED", "PERSISTED" }));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
        Assert.That(Stored("cam"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_first_idle_ack_comes_3_s_after_the_last_data_not_on_a_tick_from_the_connection_start()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await connection.ReadUntilAsync("BUFFERING");
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3)).WaitAsync(s_wait);

        // Data at 1 s. At 3 s only 2 s have passed without data: the timer moves to 4 s, not to 6 s.
        Time.Advance(TimeSpan.FromSeconds(1));
        await connection.WriteChunkAsync(mkv.Fragment(Epoch2026 + 1000));
        await connection.ReadUntilAsync("BUFFERING");
        Time.Advance(TimeSpan.FromSeconds(2));
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1)).WaitAsync(s_wait);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await connection.ReadAckAsync())?.EventType, Is.EqualTo("IDLE"), "3 s after the data at 1 s");

        // Then every 3 s of silence.
        await AdvanceIdleTimerAsync();
        Assert.That((await connection.ReadAckAsync())?.EventType, Is.EqualTo("IDLE"), "at 7 s");

        // Data again at 8 s: the IDLE due at 10 s moves to 11 s.
        Time.Advance(TimeSpan.FromSeconds(1));
        await connection.WriteChunkAsync(mkv.Fragment(Epoch2026 + 2000));
        var acks = new List<Ack>();
        await connection.ReadUntilAsync("BUFFERING", acks);
        Assert.That(acks.Select(a => a.EventType), Is.EqualTo(new[] { "RECEIVED", "PERSISTED", "BUFFERING" }), "no IDLE while data flows");
        Time.Advance(TimeSpan.FromSeconds(2));
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1)).WaitAsync(s_wait);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await connection.ReadAckAsync())?.EventType, Is.EqualTo("IDLE"), "3 s after the data at 8 s");
    }

    [Test]
    public async Task The_maximum_connection_duration_ends_the_connection_with_4003()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await connection.ReadUntilAsync("BUFFERING");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(2); elapsed += TimeSpan.FromSeconds(3))
        {
            // Data keeps coming (its BUFFERING shows it arrived), so the connection never idles out.
            await connection.WriteChunkAsync(mkv.Fragment(Epoch2026 + 1000 + (long)elapsed.TotalMilliseconds));
            await connection.ReadUntilAsync("BUFFERING");
            await AdvanceIdleTimerAsync();
        }

        var error = await ExpectErrorAndCloseAsync(connection, 4003, "MAX_CONNECTION_DURATION_REACHED");
        Assert.That(error.FragmentNumber, Is.Not.Null);
    }

    private async Task AdvanceIdleTimerAsync(TimeSpan? by = null)
    {
        var interval = TimeSpan.FromSeconds(3);
        await Time.WaitForTimerAsync(d => d <= interval).WaitAsync(s_wait);
        Time.Advance(by ?? interval);
    }
}
