using System.Net;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>A GetMedia connection over time: live tailing, the idle end and the deletion end on the emulator's clock, the connection limit, retention.</summary>
public class GetMediaLiveTests : GetMediaTest
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    private TimeSpan Idle => Kvs.State.Media.GetMediaIdleTimeout;

    [Test]
    public async Task Fragments_stored_while_a_reader_is_connected_arrive_on_its_connection()
    {
        var seeded = await CreateSeededStreamAsync(1);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        await body.WaitForFragmentsAsync(1);

        var live1 = Append(seed: 1);
        await body.WaitForFragmentsAsync(2);
        var live2 = Append(seed: 2);
        var fragments = await body.WaitForFragmentsAsync(3);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(new[] { seeded[0].FragmentNumber, live1.FragmentNumber, live2.FragmentNumber }));
        Assert.That(fragments[2].Frames.Select(f => f.Data.ToArray()), Is.EqualTo(live2.Frames.Select(f => f.Data.ToArray())));
    }

    [Test]
    public async Task The_body_ends_once_no_fragment_arrives_for_the_idle_timeout_on_the_emulator_clock()
    {
        await CreateSeededStreamAsync(1);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        await body.WaitForFragmentsAsync(1);

        // Just short of the timeout the connection is still there: a new fragment gets through.
        await Time.WaitForTimerAsync(d => d == Idle).WaitAsync(s_bound);
        Time.Advance(Idle - TimeSpan.FromMilliseconds(1));
        var late = Append();
        await body.WaitForFragmentsAsync(2);

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber).Last(), Is.EqualTo(late.FragmentNumber));
        Assert.That(fragments, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Deleting_the_stream_ends_the_body()
    {
        var arn = await CreateStreamAsync(StreamName);
        await using var body = await OpenAsync("""{"StartSelectorType":"NOW"}""");
        await Time.WaitForTimerAsync(d => d == Idle).WaitAsync(s_bound);

        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{arn}}"}""")).Ok();

        Assert.That(await body.WaitForEndAsync(), Is.True, "the body ends cleanly, without the clock moving");
        Assert.That(body.Received, Is.Empty);
    }

    [Test]
    public async Task A_stream_serves_at_most_three_readers_at_once()
    {
        await CreateSeededStreamAsync(1);
        var readers = new List<MediaBody>();
        for (var i = 0; i < 3; i++)
        {
            readers.Add(await OpenAsync("""{"StartSelectorType":"NOW"}"""));
        }

        var refused = await ErrorOf(await GetMediaAsync("""{"StartSelectorType":"NOW"}"""));
        refused.Error(HttpStatusCode.BadRequest, "ConnectionLimitExceededException");

        // A reader that leaves frees its place.
        await readers[0].DisposeAsync();
        await Eventually.WaitUntilAsync(() =>
        {
            using var probe = Store.TryBeginRead(3);
            return probe is not null;
        }).WaitAsync(s_bound);
        await using var admitted = await OpenAsync("""{"StartSelectorType":"NOW"}""");
        foreach (var reader in readers.Skip(1))
        {
            await reader.DisposeAsync();
        }
    }

    [Test]
    public async Task A_reader_that_falls_behind_retention_gets_an_error_document_and_the_body_ends()
    {
        var seeded = await CreateSeededStreamAsync(3);
        Kvs.Faults.GetMedia.DelayEachFragment(TimeSpan.FromSeconds(1));
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");

        // While the first fragment is held back, retention drops the two after it.
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1)).WaitAsync(s_bound);
        Store.TrimBefore(seeded[2].ServerTimestamp + TimeSpan.FromSeconds(1));
        Time.Advance(TimeSpan.FromSeconds(1));
        await Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1)).WaitAsync(s_bound);
        Time.Advance(TimeSpan.FromSeconds(1));
        var fragments = await body.ReadToEndAsync();

        Assert.That(fragments.Select(f => (f.FragmentNumber, f.ErrorId)), Is.EqualTo(new[] { (seeded[0].FragmentNumber, (long?)null), (seeded[0].FragmentNumber, 4000) }));
    }
}
