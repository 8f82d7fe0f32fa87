using System.Globalization;
using System.Net;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>Where GetMedia starts for each StartSelector type, and the selectors it refuses.</summary>
public class GetMediaStartSelectorTests : GetMediaTest
{
    [Test]
    public async Task Earliest_starts_with_the_oldest_fragment()
    {
        var seeded = await CreateSeededStreamAsync(4);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(seeded.Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task Now_sends_only_fragments_stored_after_the_call()
    {
        await CreateSeededStreamAsync(3);
        await using var body = await OpenAsync("""{"StartSelectorType":"NOW"}""");
        await Time.WaitForTimerAsync(d => d == Kvs.State.Media.GetMediaIdleTimeout).WaitAsync(TimeSpan.FromSeconds(10));
        var appended = Append();
        await body.WaitForFragmentsAsync(1);

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(new[] { appended.FragmentNumber }));
    }

    [Test]
    public async Task Fragment_number_starts_with_the_fragment_after_it()
    {
        var seeded = await CreateSeededStreamAsync(4);
        await using var body = await OpenAsync($$"""{"StartSelectorType":"FRAGMENT_NUMBER","AfterFragmentNumber":"{{seeded[1].FragmentNumber}}"}""");

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(seeded.Skip(2).Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task An_unknown_fragment_number_is_reported_in_an_error_document_and_the_body_ends()
    {
        var seeded = await CreateSeededStreamAsync(2);
        var unknown = seeded[0].FragmentNumber[..^1] + (seeded[0].FragmentNumber[^1] == '9' ? '8' : '9');
        await using var body = await OpenAsync($$"""{"StartSelectorType":"FRAGMENT_NUMBER","AfterFragmentNumber":"{{unknown}}"}""");

        var fragments = await body.ReadToEndAsync();

        Assert.That(fragments, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(fragments[0].IsError, Is.True);
            Assert.That(fragments[0].ErrorId, Is.EqualTo(4000));
            Assert.That(fragments[0].ErrorCode, Is.Not.Empty);
            Assert.That(fragments[0].FragmentNumber, Is.EqualTo(unknown));
            Assert.That(fragments[0].ServerTimestamp, Is.Null);
            Assert.That(fragments[0].Frames, Is.Empty);
        });
    }

    [TestCase(40, 2, TestName = "Server_timestamp_inside_a_fragment_starts_with_that_fragment")]
    [TestCase(500, 3, TestName = "Server_timestamp_between_fragments_starts_with_the_next_one")]
    [TestCase(-30_000, 0, TestName = "Server_timestamp_before_the_oldest_fragment_starts_with_it")]
    public async Task Server_timestamp(int millisAfterThirdFragment, int expectedFirst)
    {
        var seeded = await CreateSeededStreamAsync(5);
        var at = seeded[2].ServerTimestamp + TimeSpan.FromMilliseconds(millisAfterThirdFragment);
        await using var body = await OpenAsync($$"""{"StartSelectorType":"SERVER_TIMESTAMP","StartTimestamp":{{EpochSeconds(at)}}}""");

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(seeded.Skip(expectedFirst).Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task Producer_timestamp_selects_by_the_producers_clock_not_the_servers()
    {
        await CreateStreamAsync(StreamName);
        var header = MediaSeeding.Header();
        var serverStart = Time.GetUtcNow() - TimeSpan.FromMinutes(1);
        var producerStart = serverStart - TimeSpan.FromHours(2);
        var seeded = Enumerable.Range(0, 4)
            .Select(i => MediaSeeding.Fragment(Kvs, header, producerStart + TimeSpan.FromSeconds(i), serverStart + TimeSpan.FromSeconds(i), seed: i))
            .ToList();
        seeded.ForEach(Store.Append);

        await using var body = await OpenAsync($$"""{"StartSelectorType":"PRODUCER_TIMESTAMP","StartTimestamp":{{EpochSeconds(producerStart + TimeSpan.FromMilliseconds(2010))}}}""");
        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(seeded.Skip(2).Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task A_continuation_token_resumes_right_after_its_fragment()
    {
        var seeded = await CreateSeededStreamAsync(5);
        var token = await ContinuationTokenOfAsync(1);

        await using var resumed = await OpenAsync($$"""{"StartSelectorType":"CONTINUATION_TOKEN","ContinuationToken":"{{token}}"}""");
        var fragments = await EndByIdleTimeoutAsync(resumed);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(seeded.Skip(2).Select(f => f.FragmentNumber)));
    }

    [Test]
    public async Task A_continuation_token_of_an_expired_fragment_is_reported_in_an_error_document()
    {
        var seeded = await CreateSeededStreamAsync(4);
        var token = await ContinuationTokenOfAsync(0);

        Store.TrimBefore(seeded[2].ServerTimestamp);
        await using var resumed = await OpenAsync($$"""{"StartSelectorType":"CONTINUATION_TOKEN","ContinuationToken":"{{token}}"}""");
        var fragments = await resumed.ReadToEndAsync();

        Assert.That(fragments.Select(f => (f.ErrorId, f.FragmentNumber)), Is.EqualTo(new[] { ((long?)4000, token) }));
    }

    [TestCase("abc-never-issued")]
    [TestCase("91343852333181432511524306419788296366724229587")]
    public async Task A_token_the_emulator_never_issued_for_the_stream_is_an_invalid_argument(string token)
    {
        await CreateSeededStreamAsync(2);

        var response = await ErrorOf(await GetMediaAsync($$"""{"StartSelectorType":"CONTINUATION_TOKEN","ContinuationToken":"{{token}}"}"""));

        response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task A_token_of_another_stream_is_an_invalid_argument()
    {
        await CreateStreamAsync("other");
        var other = MediaSeeding.Seed(Kvs, "other", 1, Time.GetUtcNow());
        await CreateSeededStreamAsync(2);

        var response = await ErrorOf(await GetMediaAsync($$"""{"StartSelectorType":"CONTINUATION_TOKEN","ContinuationToken":"{{other[0].FragmentNumber}}"}"""));

        response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [TestCase("FRAGMENT_NUMBER")]
    [TestCase("SERVER_TIMESTAMP")]
    [TestCase("PRODUCER_TIMESTAMP")]
    [TestCase("CONTINUATION_TOKEN")]
    public async Task A_selector_without_the_member_its_type_needs_is_an_invalid_argument(string type)
    {
        await CreateSeededStreamAsync(1);

        var response = await ErrorOf(await GetMediaAsync($$"""{"StartSelectorType":"{{type}}"}"""));

        response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task An_unknown_stream_is_not_found()
    {
        var response = await ErrorOf(await GetMediaAsync("""{"StartSelectorType":"EARLIEST"}"""));

        response.Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task The_stream_can_be_named_by_arn()
    {
        var arn = await CreateStreamAsync(StreamName);
        var seeded = MediaSeeding.Seed(Kvs, StreamName, 1, Time.GetUtcNow());
        using var response = await Media.PostAsync("/getMedia", $$$"""{"StreamARN":"{{{arn}}}","StartSelector":{"StartSelectorType":"EARLIEST"}}""");
        await using var body = await MediaBody.StartAsync(response);

        var fragments = await EndByIdleTimeoutAsync(body);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("video/webm"));
        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(new[] { seeded[0].FragmentNumber }));
    }

    // The token the n-th fragment (from the oldest) comes with, read on a connection that then goes away.
    private async Task<string> ContinuationTokenOfAsync(int index)
    {
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        return (await body.WaitForFragmentsAsync(index + 1))[index].ContinuationToken!;
    }

    private static string EpochSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
}
