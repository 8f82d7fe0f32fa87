using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.ArchivedMedia;

/// <summary>ListFragments on the data endpoint: selectors, range edges, paging, retention and what is listed.</summary>
public class ListFragmentsTests : ArchivedMediaTest
{
    [Test]
    public async Task Server_timestamp_range_includes_both_ends_and_reports_every_member()
    {
        var fragments = SeedAgo(TimeSpan.FromMinutes(1), 5);

        var listed = await ListAsync("SERVER_TIMESTAMP", fragments[1].ServerTimestamp, fragments[3].ServerTimestamp);

        Assert.That(Numbers(listed), Is.EqualTo(fragments.Skip(1).Take(3).Select(f => f.FragmentNumber)));
        var first = listed.Body.GetProperty("Fragments")[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("FragmentSizeInBytes").GetInt64(), Is.EqualTo(fragments[1].SizeInBytes));
            Assert.That(first.GetProperty("FragmentLengthInMilliseconds").GetInt64(), Is.EqualTo((long)fragments[1].Duration.TotalMilliseconds));
            Assert.That(first.GetProperty("ServerTimestamp").GetDecimal(), Is.EqualTo(fragments[1].ServerTimestamp.ToUnixTimeMilliseconds() / 1000m));
            Assert.That(first.GetProperty("ProducerTimestamp").GetDecimal(), Is.EqualTo(fragments[1].ProducerTimestamp.ToUnixTimeMilliseconds() / 1000m));
            Assert.That(listed.Body.TryGetProperty("NextToken", out _), Is.False);
        });
    }

    [Test]
    public async Task A_range_between_fragment_starts_lists_only_the_fragments_that_start_inside_it()
    {
        var fragments = SeedAgo(TimeSpan.FromMinutes(1), 4);
        var half = TimeSpan.FromMilliseconds(500);

        var listed = await ListAsync("SERVER_TIMESTAMP", fragments[0].ServerTimestamp + half, fragments[2].ServerTimestamp + half);

        Assert.That(Numbers(listed), Is.EqualTo(new[] { fragments[1].FragmentNumber, fragments[2].FragmentNumber }));
    }

    [Test]
    public async Task A_range_of_one_instant_lists_the_fragment_that_starts_then()
    {
        var fragments = SeedAgo(TimeSpan.FromMinutes(1), 3);

        var listed = await ListAsync("SERVER_TIMESTAMP", fragments[1].ServerTimestamp, fragments[1].ServerTimestamp);

        Assert.That(Numbers(listed), Is.EqualTo(new[] { fragments[1].FragmentNumber }));
    }

    [Test]
    public async Task Producer_timestamp_selects_by_the_producer_clock_not_the_server_clock()
    {
        var header = MediaSeeding.Header();
        var now = Time.GetUtcNow();
        var early = Store(header, producer: now - TimeSpan.FromHours(2), server: now - TimeSpan.FromSeconds(10));
        Store(header, producer: now - TimeSpan.FromSeconds(5), server: now - TimeSpan.FromSeconds(5));

        var byProducer = await ListAsync("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(3), now - TimeSpan.FromHours(1));
        var byServer = await ListAsync("SERVER_TIMESTAMP", now - TimeSpan.FromHours(3), now - TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(Numbers(byProducer), Is.EqualTo(new[] { early.FragmentNumber }));
            Assert.That(Numbers(byServer), Is.Empty);
        });
    }

    [Test]
    public async Task A_start_after_the_end_is_InvalidArgument()
    {
        var now = Time.GetUtcNow();

        (await Data.PostAsync("/listFragments", Selector("SERVER_TIMESTAMP", now, now - TimeSpan.FromMilliseconds(1))))
            .Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Without_a_selector_or_a_token_it_is_InvalidArgument()
    {
        var response = await Data.PostAsync("/listFragments", $$"""{"StreamName":"{{Stream}}"}""");

        response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        Assert.That(response.Message, Does.Contain("FragmentSelector"));
    }

    [Test]
    public async Task MaxResults_defaults_to_100()
    {
        SeedAgo(TimeSpan.FromMinutes(5), 101);

        var listed = await ListAsync("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromHours(1), Time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(Numbers(listed), Has.Count.EqualTo(100));
            Assert.That(listed.String("NextToken"), Does.Match("^[a-zA-Z0-9+/]+={0,2}$"));
        });
    }

    [Test]
    public async Task Pages_continue_with_the_token_alone_and_list_fragments_that_arrive_between_pages_once()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(1);
        var end = Time.GetUtcNow() + TimeSpan.FromMinutes(1);
        var seeded = SeedAgo(TimeSpan.FromMinutes(1), 5).ToList();

        var first = (await Data.PostAsync("/listFragments", Selector("SERVER_TIMESTAMP", start, end, ",\"MaxResults\":2"))).Ok();
        seeded.AddRange(SeedAgo(TimeSpan.FromSeconds(10), 2));
        var listed = Numbers(first).ToList();
        var token = first.String("NextToken");
        var pages = 1;
        while (token is not null)
        {
            var page = (await Data.PostAsync("/listFragments", $$"""{"StreamName":"{{Stream}}","MaxResults":2,"NextToken":"{{token}}"}""")).Ok();
            listed.AddRange(Numbers(page));
            token = page.Body.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
            Assert.That(pages, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task A_token_the_emulator_did_not_issue_is_InvalidArgument()
    {
        SeedAgo(TimeSpan.FromMinutes(1), 3);
        var issued = (await Data.PostAsync("/listFragments", Selector("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromHours(1), Time.GetUtcNow(), ",\"MaxResults\":1"))).Ok().String("NextToken");
        var bytes = Convert.FromBase64String(issued);
        bytes[^20] ^= 1;
        var altered = Convert.ToBase64String(bytes);

        foreach (var token in new[] { "bm90IGEgdG9rZW4=", altered })
        {
            var response = await Data.PostAsync("/listFragments", $$"""{"StreamName":"{{Stream}}","NextToken":"{{token}}"}""");
            response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
            Assert.That(response.Message, Does.Not.Contain(token));
        }
    }

    [Test]
    public async Task A_token_of_another_stream_is_InvalidArgument()
    {
        await CreateStreamAsync("other");
        SeedAgo(TimeSpan.FromMinutes(1), 3);
        var token = (await Data.PostAsync("/listFragments", Selector("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromHours(1), Time.GetUtcNow(), ",\"MaxResults\":1"))).Ok().String("NextToken");

        (await Data.PostAsync("/listFragments", $$"""{"StreamName":"other","NextToken":"{{token}}"}"""))
            .Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Fragments_not_persisted_are_not_listed()
    {
        var header = MediaSeeding.Header();
        var now = Time.GetUtcNow();
        var persisted = Store(header, now - TimeSpan.FromSeconds(3), now - TimeSpan.FromSeconds(3));
        Store(header, now - TimeSpan.FromSeconds(2), now - TimeSpan.FromSeconds(2), persisted: false);

        var listed = await ListAsync("SERVER_TIMESTAMP", now - TimeSpan.FromMinutes(1), now);

        Assert.That(Numbers(listed), Is.EqualTo(new[] { persisted.FragmentNumber }));
    }

    [Test]
    public async Task Fragments_past_the_retention_period_are_trimmed_on_the_emulator_clock()
    {
        await CreateStreamAsync("short", retentionHours: 1);
        var old = MediaSeeding.Seed(Kvs, "short", 1, Time.GetUtcNow())[0];
        Time.Advance(TimeSpan.FromMinutes(30));
        var recent = MediaSeeding.Seed(Kvs, "short", 1, Time.GetUtcNow())[0];
        var body = $$"""{"StreamName":"short","FragmentSelector":{{FragmentSelector("SERVER_TIMESTAMP", old.ServerTimestamp, recent.ServerTimestamp)}}}""";

        var before = Numbers((await Data.PostAsync("/listFragments", body)).Ok());
        Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(1));
        var after = Numbers((await Data.PostAsync("/listFragments", body)).Ok());

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { old.FragmentNumber, recent.FragmentNumber }));
            Assert.That(after, Is.EqualTo(new[] { recent.FragmentNumber }));
            Assert.That(MediaSeeding.MediaOf(Kvs, "short").FirstIndex, Is.EqualTo(1), "the expired fragment is dropped from the store");
        });
    }

    [Test]
    public async Task A_missing_stream_is_ResourceNotFound_and_naming_none_is_InvalidArgument()
    {
        var now = Time.GetUtcNow();
        var range = FragmentSelector("SERVER_TIMESTAMP", now, now);

        (await Data.PostAsync("/listFragments", $$"""{"StreamName":"missing","FragmentSelector":{{range}}}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Data.PostAsync("/listFragments", $$"""{"FragmentSelector":{{range}}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync("/listFragments", $$"""{"StreamARN":"{{StreamArn}}","FragmentSelector":{{range}}}""")).Ok();
    }

    [Test]
    public async Task Timestamps_are_epoch_seconds_with_milliseconds()
    {
        var at = Time.GetUtcNow() - TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(250);
        Store(MediaSeeding.Header(), at, at);

        var fragment = (await ListAsync("SERVER_TIMESTAMP", at, at)).Body.GetProperty("Fragments")[0];

        Assert.That(fragment.GetProperty("ServerTimestamp").GetRawText(), Is.EqualTo($"{at.ToUnixTimeSeconds()}.25"));
    }

    private async Task<EmulatorResponse> ListAsync(string selectorType, DateTimeOffset start, DateTimeOffset end) =>
        (await Data.PostAsync("/listFragments", Selector(selectorType, start, end))).Ok();

    private static string Selector(string selectorType, DateTimeOffset start, DateTimeOffset end, string extra = "") =>
        $$"""{"StreamName":"{{Stream}}","FragmentSelector":{{FragmentSelector(selectorType, start, end)}}{{extra}}}""";

    private static string FragmentSelector(string selectorType, DateTimeOffset start, DateTimeOffset end) =>
        "{\"FragmentSelectorType\":\"" + selectorType + "\",\"TimestampRange\":{\"StartTimestamp\":" + Epoch(start) + ",\"EndTimestamp\":" + Epoch(end) + "}}";

    private static List<string> Numbers(EmulatorResponse response) =>
        [.. response.Body.GetProperty("Fragments").EnumerateArray().Select(f => f.GetProperty("FragmentNumber").GetString()!)];
}
