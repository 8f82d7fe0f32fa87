using System.Net;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Archive;

namespace KinesisVideo.Client.Tests.Emulator.ArchivedMedia;

/// <summary>
/// GetClip and GetImages: every documented input rule. A request that passes them gets past the
/// rules to the media: here, seeded frames of random bytes (InvalidMediaFrameException for GetClip)
/// and an emulator without ffmpeg (GetImages' documented refusal); the rendering has tests of its own.
/// </summary>
public class ClipAndImageTests : ArchivedMediaTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.FfmpegPath = "/nonexistent/ffmpeg";

    [Test]
    public async Task GetClip_needs_a_later_end_within_24_hours_and_a_past_end_in_server_time()
    {
        var now = Time.GetUtcNow();
        Store(MediaSeeding.Header(), now - TimeSpan.FromHours(2), now - TimeSpan.FromMinutes(1));

        await ExpectRuleAsync(Clip("SERVER_TIMESTAMP", now - TimeSpan.FromMinutes(2), now - TimeSpan.FromMinutes(2)));
        await ExpectRuleAsync(Clip("SERVER_TIMESTAMP", now - TimeSpan.FromMinutes(2), now - TimeSpan.FromMinutes(3)));
        await ExpectRuleAsync(Clip("SERVER_TIMESTAMP", now - TimeSpan.FromMinutes(2), now + TimeSpan.FromSeconds(1)));
        await ExpectRuleAsync(Clip("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(25), now - TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1)));
        await ExpectPastTheRulesAsync("/getClip", Clip("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(3), now + TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task GetClip_without_fragments_in_the_range_is_ResourceNotFound()
    {
        SeedAgo(TimeSpan.FromMinutes(1), 1);

        (await Data.PostAsync("/getClip", Clip("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromMinutes(10), Time.GetUtcNow() - TimeSpan.FromMinutes(5))))
            .Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task GetClip_of_a_stream_without_retention_or_of_unplayable_tracks_is_refused_with_its_error()
    {
        await CreateStreamAsync("ephemeral", retentionHours: 0);
        SeedAgo(TimeSpan.FromMinutes(1), 1, header: MediaSeeding.Header(Track(MediaSeeding.VideoTrack, codecId: "V_MJPEG")));
        var range = $"\"ClipFragmentSelector\":{Selector("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromMinutes(2), Time.GetUtcNow())}";

        (await Data.PostAsync("/getClip", $"{{\"StreamName\":\"ephemeral\",{range}}}")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Data.PostAsync("/getClip", $"{{\"StreamName\":\"{Stream}\",{range}}}")).Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
        (await Data.PostAsync("/getClip", $"{{\"StreamName\":\"missing\",{range}}}")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task GetImages_of_a_valid_request_gets_past_the_rules()
    {
        var now = Time.GetUtcNow();

        await ExpectPastTheRulesAsync("/getImages", Images(now - TimeSpan.FromSeconds(300), now, "\"SamplingInterval\":200,\"FormatConfig\":{\"JPEGQuality\":\"100\"},\"HeightPixels\":480"));
    }

    [TestCase("\"SamplingInterval\":199")]
    [TestCase("\"FormatConfig\":{\"JPEGQuality\":\"0\"}")]
    [TestCase("\"FormatConfig\":{\"JPEGQuality\":\"101\"}")]
    [TestCase("\"FormatConfig\":{\"JPEGQuality\":\"high\"}")]
    [TestCase("\"WidthPixels\":640")]
    [TestCase("\"NextToken\":\"bm90IGlzc3VlZA==\"")]
    public async Task GetImages_refuses_what_the_reference_rules_out(string member)
    {
        var now = Time.GetUtcNow();

        await ExpectRuleAsync(Images(now - TimeSpan.FromSeconds(10), now, member), "/getImages");
    }

    [Test]
    public async Task GetImages_covers_at_most_300_seconds_and_never_ends_before_it_starts()
    {
        var now = Time.GetUtcNow();

        await ExpectRuleAsync(Images(now - TimeSpan.FromSeconds(300) - TimeSpan.FromMilliseconds(1), now), "/getImages");
        await ExpectRuleAsync(Images(now, now - TimeSpan.FromMilliseconds(1)), "/getImages");
        await ExpectPastTheRulesAsync("/getImages", Images(now, now));
    }

    [Test]
    public async Task GetImages_of_a_stream_without_retention_is_NoDataRetention_and_of_none_ResourceNotFound()
    {
        await CreateStreamAsync("ephemeral", retentionHours: 0);
        var now = Epoch(Time.GetUtcNow());
        var rest = $"\"ImageSelectorType\":\"SERVER_TIMESTAMP\",\"StartTimestamp\":{now},\"EndTimestamp\":{now},\"Format\":\"PNG\"";

        (await Data.PostAsync("/getImages", $"{{\"StreamName\":\"ephemeral\",{rest}}}")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Data.PostAsync("/getImages", $"{{\"StreamName\":\"missing\",{rest}}}")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    private async Task ExpectRuleAsync(string body, string path = "/getClip")
    {
        var response = (await Data.PostAsync(path, body)).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        Assert.That(response.Message, Is.Not.EqualTo(GetImagesOperation.NoDecoderMessage), body);
    }

    private async Task ExpectPastTheRulesAsync(string path, string body)
    {
        var response = await Data.PostAsync(path, body);
        if (path == "/getClip")
        {
            response.Error(HttpStatusCode.BadRequest, "InvalidMediaFrameException");
        }
        else
        {
            Assert.That(response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException").Message, Is.EqualTo(GetImagesOperation.NoDecoderMessage), body);
        }
    }

    private static string Clip(string selectorType, DateTimeOffset start, DateTimeOffset end) =>
        $"{{\"StreamName\":\"{Stream}\",\"ClipFragmentSelector\":{Selector(selectorType, start, end)}}}";

    private static string Selector(string selectorType, DateTimeOffset start, DateTimeOffset end) =>
        $"{{\"FragmentSelectorType\":\"{selectorType}\",\"TimestampRange\":{{\"StartTimestamp\":{Epoch(start)},\"EndTimestamp\":{Epoch(end)}}}}}";

    private static string Images(DateTimeOffset start, DateTimeOffset end, string extra = "") =>
        $"{{\"StreamName\":\"{Stream}\",\"ImageSelectorType\":\"PRODUCER_TIMESTAMP\",\"StartTimestamp\":{Epoch(start)},\"EndTimestamp\":{Epoch(end)},\"Format\":\"JPEG\"{(extra.Length > 0 ? "," + extra : "")}}}";
}
