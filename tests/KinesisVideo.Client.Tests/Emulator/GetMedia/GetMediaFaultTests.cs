using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Faults;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>emulator.Faults.GetMedia: dropped connections (after N bytes, at random from a seed) and slow answers.</summary>
public class GetMediaFaultTests : GetMediaTest
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    private const string Earliest = """{"StartSelectorType":"EARLIEST"}""";

    [Test]
    public async Task Drop_after_bytes_cuts_the_next_response_at_exactly_that_many_bytes()
    {
        await CreateSeededStreamAsync(3);
        Kvs.Faults.GetMedia.DropAfterBytes(1500);

        byte[] cut;
        await using (var dropped = await OpenAsync(Earliest))
        {
            Assert.That(await dropped.WaitForEndAsync(), Is.False, "the connection is dropped, not ended");
            cut = dropped.Received;
        }

        await using var clean = await OpenAsync(Earliest);
        await clean.WaitForFragmentsAsync(3);
        var whole = clean.Received;

        Assert.That(cut, Has.Length.EqualTo(1500));
        Assert.That(whole.AsSpan(0, cut.Length).SequenceEqual(cut), "what got through is the start of the real answer");
        Assert.That((await EndByIdleTimeoutAsync(clean)).Count, Is.EqualTo(3), "only the next response was dropped");
    }

    [Test]
    public async Task The_admin_endpoint_sets_the_same_drop()
    {
        await CreateSeededStreamAsync(2);
        (await AdminFaults.PostAsync(Kvs.ServiceUrl, """{"Fault":"GetMediaDropAfterBytes","Bytes":700}""")).Ok();

        await using var dropped = await OpenAsync(Earliest);

        Assert.That(await dropped.WaitForEndAsync(), Is.False, "the connection is dropped, not ended");
        Assert.That(dropped.Received, Has.Length.EqualTo(700));
    }

    [Test]
    public async Task Drop_after_zero_bytes_sends_the_status_and_nothing_else()
    {
        await CreateSeededStreamAsync(1);
        Kvs.Faults.GetMedia.DropAfterBytes(0);

        await using var dropped = await OpenAsync(Earliest);

        Assert.That(await dropped.WaitForEndAsync(), Is.False);
        Assert.That(dropped.Received, Is.Empty);
    }

    [Test]
    public async Task Random_drops_are_reproducible_from_the_seed_and_a_reader_resumes_through_them_without_gap_or_repeat()
    {
        var seeded = await CreateSeededStreamAsync(8);

        Kvs.Faults.GetMedia.DropAtRandom(0.4, seed: 7);
        var (first, firstCuts) = await ReadResumingAsync();
        Kvs.Faults.Reset();
        Kvs.Faults.GetMedia.DropAtRandom(0.4, seed: 7);
        var (second, secondCuts) = await ReadResumingAsync();

        var numbers = seeded.Select(f => f.FragmentNumber).ToList();
        Assert.That(first, Is.EqualTo(numbers), "every fragment once, in order");
        Assert.That(second, Is.EqualTo(numbers));
        Assert.That(firstCuts, Is.Not.Empty, "the seed drops some connections");
        Assert.That(secondCuts, Is.EqualTo(firstCuts), "the same seed drops at the same places");
    }

    [Test]
    public async Task Each_fragment_can_be_held_back_on_the_emulator_clock()
    {
        var seeded = await CreateSeededStreamAsync(2);
        var delay = TimeSpan.FromSeconds(2);
        Kvs.Faults.GetMedia.DelayEachFragment(delay);
        await using var body = await OpenAsync(Earliest);

        await Time.WaitForTimerAsync(d => d == delay).WaitAsync(s_bound);
        Assert.That(body.Received, Is.Empty, "nothing before the delay has passed");
        Time.Advance(delay);
        Assert.That((await body.WaitForFragmentsAsync(1))[0].FragmentNumber, Is.EqualTo(seeded[0].FragmentNumber));
        await Time.WaitForTimerAsync(d => d == delay).WaitAsync(s_bound);
        Time.Advance(delay);

        Assert.That((await body.WaitForFragmentsAsync(2)).Select(f => f.FragmentNumber), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task Faults_apply_to_get_media_for_fragment_list_and_reset_removes_them()
    {
        var seeded = await CreateSeededStreamAsync(2);
        var request = $$"""{"StreamName":"{{StreamName}}","Fragments":["{{seeded[0].FragmentNumber}}","{{seeded[1].FragmentNumber}}"]}""";
        Kvs.Faults.GetMedia.DropAfterBytes(100, responses: 2);

        await using (var dropped = await MediaBody.StartAsync(await Media.PostAsync("/getMediaForFragmentList", request)))
        {
            Assert.That(await dropped.WaitForEndAsync(), Is.False);
            Assert.That(dropped.Received, Has.Length.EqualTo(100));
        }

        Kvs.Faults.Reset();
        await using var clean = await MediaBody.StartAsync(await Media.PostAsync("/getMediaForFragmentList", request));
        Assert.That((await clean.ReadToEndAsync()).Count, Is.EqualTo(2));
    }

    [Test]
    public void The_real_time_a_drop_waits_for_the_transport_can_be_shortened_and_reset_restores_it()
    {
        Assert.That(Kvs.Faults.GetMedia.DropDrainTime, Is.EqualTo(TimeSpan.FromMilliseconds(100)));

        Kvs.Faults.GetMedia.DropDrainTime = TimeSpan.FromMilliseconds(2);
        Assert.That(Kvs.Faults.GetMedia.DropDrainTime, Is.EqualTo(TimeSpan.FromMilliseconds(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Kvs.Faults.GetMedia.DropDrainTime = TimeSpan.FromMilliseconds(-1));

        Kvs.Faults.Reset();
        Assert.That(Kvs.Faults.GetMedia.DropDrainTime, Is.EqualTo(GetMediaFaults.DefaultDropDrainTime));
    }

    // Reads the stream as a resuming client does: after a drop, a new GetMedia from the last
    // complete fragment's continuation token. Returns the fragments delivered and where each drop cut.
    private async Task<(List<string> Delivered, List<int> Cuts)> ReadResumingAsync()
    {
        var delivered = new List<string>();
        var cuts = new List<int>();
        string? token = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var selector = token is null ? Earliest : $$"""{"StartSelectorType":"CONTINUATION_TOKEN","ContinuationToken":"{{token}}"}""";
            await using var body = await OpenAsync(selector);
            var idle = Time.WaitForTimerAsync(d => d == Kvs.State.Media.GetMediaIdleTimeout);
            var ended = body.WaitForEndAsync();
            if (await Task.WhenAny(idle, ended).WaitAsync(s_bound) == idle)
            {
                Time.Advance(Kvs.State.Media.GetMediaIdleTimeout);
            }

            var clean = await body.WaitForEndAsync();
            var fragments = CompleteDocuments(body.Received, clean);
            delivered.AddRange(fragments.Select(f => f.FragmentNumber!));
            token = fragments.Count > 0 ? fragments[^1].ContinuationToken : token;
            if (clean)
            {
                return (delivered, cuts);
            }

            cuts.Add(body.Received.Length);
        }

        Assert.Fail("the reader never got to the end of the stream");
        return default;
    }

    // The whole documents of a body; after a drop, the cut document is not one of them.
    private static List<KvsMediaFragment> CompleteDocuments(byte[] received, bool endedCleanly)
    {
        var reader = new KvsFragmentReader();
        var fragments = new List<KvsMediaFragment>();
        var rest = new ReadOnlySequence<byte>(received);
        while (reader.TryReadFragment(rest, endedCleanly, out var fragment, out var consumed, out _))
        {
            fragments.Add(fragment!);
            rest = rest.Slice(consumed);
        }

        return fragments.Where(f => f.IsComplete).ToList();
    }
}
