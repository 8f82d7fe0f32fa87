using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed class PutMediaFaultTests : PutMediaTest
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [SetUp]
    public Task CreateStream() => CreateStreamAsync("cam");

    [Test]
    public async Task A_connection_is_dropped_after_the_set_number_of_body_bytes_and_only_once()
    {
        var mkv = new ProducerMkv();
        var start = ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true));
        Kvs.Faults.PutMedia.DropNextConnectionAfter(start.Length + 10);

        await using (var dropped = await OpenAsync("cam"))
        {
            await dropped.WriteChunkAsync(start);
            await dropped.ReadUntilAsync("PERSISTED");
            await dropped.WriteChunkAsync(mkv.Fragment(Epoch2026 + 1000));
            await ExpectDroppedAsync(dropped);
        }

        Assert.That(Stored("cam"), Has.Count.EqualTo(1));
        await SendWholeAsync(mkv.Header(), mkv.Fragment(Epoch2026 + 2000));
        Assert.That(Stored("cam"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Random_drops_are_reproducible_from_the_seed_and_fall_within_the_bound()
    {
        var faults = Kvs.Faults.PutMedia;
        faults.DropConnectionsRandomly(seed: 42, maxBodyBytes: 300);
        long?[] first = [faults.TakeDropPoint(), faults.TakeDropPoint(), faults.TakeDropPoint()];
        faults.DropConnectionsRandomly(seed: 42, maxBodyBytes: 300);
        long?[] again = [faults.TakeDropPoint(), faults.TakeDropPoint(), faults.TakeDropPoint()];
        Assert.That(again, Is.EqualTo(first));
        Assert.That(first, Is.All.InRange(1L, 300L));

        // Every connection now drops within its first 300 bytes, before its first fragment completes.
        var mkv = new ProducerMkv();
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await OpenAsync("cam");
            await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026 + (i * 1000), endOfFragment: true)));
            await ExpectDroppedAsync(connection);
        }

        Assert.That(Stored("cam"), Is.Empty);
        Kvs.Faults.Reset();
        Assert.That(faults.TakeDropPoint(), Is.Null);
    }

    [Test]
    public async Task Delayed_acks_come_after_the_delay_on_the_emulator_clock_while_ingest_goes_on()
    {
        var delay = TimeSpan.FromSeconds(2);
        Kvs.Faults.PutMedia.DelayAcknowledgements(delay);
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true)));

        // The fragment is stored at once; its acks wait for the clock.
        await Eventually.WaitUntilAsync(() => Stored("cam").Count == 1).WaitAsync(s_wait);
        await Time.WaitForTimerAsync(d => d == delay).WaitAsync(s_wait);
        Time.Advance(delay);
        var acks = new List<Ack>();
        await connection.ReadUntilAsync("PERSISTED", acks);
        Assert.That(acks.Select(a => a.EventType), Is.EqualTo(new[] { "BUFFERING", "RECEIVED", "PERSISTED" }));
    }

    [Test]
    public async Task Dropped_acks_of_one_type_are_not_sent_and_the_others_are()
    {
        Kvs.Faults.PutMedia.DropAcknowledgements(1, "BUFFERING");
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026), mkv.Fragment(Epoch2026 + 1000)));
        await connection.EndBodyAsync();
        var acks = await connection.ReadToEndAsync();
        Assert.That(acks.Select(a => a.EventType), Is.EqualTo(new[] { "RECEIVED", "PERSISTED", "BUFFERING", "RECEIVED", "PERSISTED" }));
    }

    [Test]
    public async Task An_injected_error_for_fragment_k_is_sent_once_instead_of_storing_it_and_closes_the_connection()
    {
        Kvs.Faults.PutMedia.FailFragment(fragmentIndex: 1, errorId: 5000, streamName: "cam");
        var mkv = new ProducerMkv();
        await using (var connection = await OpenAsync("cam"))
        {
            await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026), mkv.Fragment(Epoch2026 + 1000, endOfFragment: true)));
            var error = await ExpectErrorAndCloseAsync(connection, 5000, "INTERNAL_ERROR");
            Assert.That(error.FragmentTimecode, Is.EqualTo(Epoch2026 + 1000));
        }

        Assert.That(Stored("cam"), Has.Count.EqualTo(1));

        // Fired once: the producer's retry of the fragment is stored.
        await SendWholeAsync(mkv.Header(), mkv.Fragment(Epoch2026 + 2000));
        Assert.That(Stored("cam"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_admin_endpoint_injects_the_same_error_ack()
    {
        (await AdminFaults.PostAsync(Kvs.ServiceUrl, """{"Fault":"PutMediaFailFragment","FragmentIndex":0,"ErrorId":4000,"StreamName":"cam"}""")).Ok();
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");

        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true)));

        await ExpectErrorAndCloseAsync(connection, 4000, "STREAM_READ_ERROR");
        Assert.That(Stored("cam"), Is.Empty);
    }

    [Test]
    public void Fault_arguments_are_checked()
    {
        var faults = Kvs.Faults.PutMedia;
        Assert.Multiple(() =>
        {
            Assert.That(() => faults.FailFragment(0, 4999), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => faults.DropNextConnectionAfter(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => faults.DelayAcknowledgements(TimeSpan.FromSeconds(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private static async Task ExpectDroppedAsync(RawPutMediaConnection connection)
    {
        // An abort: the response never ends properly, the socket just closes or resets.
        var ended = async () =>
        {
            while (await connection.ReadAckAsync() is not null)
            {
            }
        };
        Assert.That(async () => await ended(), Throws.InstanceOf<IOException>());
    }

    private async Task SendWholeAsync(byte[] header, byte[] fragment)
    {
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(header, fragment));
        await connection.EndBodyAsync();
        Assert.That((await connection.ReadToEndAsync()).Select(a => a.EventType), Does.Contain("PERSISTED"));
    }
}
