using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.ArchivedMedia;
using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Archive;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>GetImages decodes real H.264 with ffmpeg: JPEG and PNG of the requested size, checked by ffprobe; NO_MEDIA, MEDIA_ERROR and pages.</summary>
public class GetImagesTests : PlaybackTest
{
    [SetUp]
    public void RequireFfmpeg()
    {
        ExternalTool.Require("ffmpeg");
        ExternalTool.Require("ffprobe");
    }

    [Test]
    public async Task Each_sampling_time_gets_a_jpeg_of_the_requested_size_that_ffprobe_reads()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        Sample.Store(Kvs, Stream, start, 2);

        var images = await ImagesAsync(start, start + TimeSpan.FromSeconds(1.8), "\"SamplingInterval\":200,\"Format\":\"JPEG\",\"FormatConfig\":{\"JPEGQuality\":\"90\"},\"WidthPixels\":320,\"HeightPixels\":240");

        Assert.That(images.Select(i => i.TimeStamp), Is.EqualTo(Enumerable.Range(0, 10).Select(k => Epoch(start + TimeSpan.FromMilliseconds(200 * k)))));
        Assert.That(images.Select(i => i.Error), Is.All.Null);
        foreach (var image in images)
        {
            Assert.That(ProbeImage(image.Content!), Is.EqualTo(("mjpeg", 320, 240)));
        }

        Assert.That(images.Select(i => Convert.ToBase64String(i.Content!)).Distinct().Count(), Is.GreaterThan(5), "different frames, not one picture repeated");
    }

    [Test]
    public async Task Png_with_a_height_alone_keeps_the_aspect_ratio()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        Sample.Store(Kvs, Stream, start, 1);

        var images = await ImagesAsync(start, start, "\"Format\":\"PNG\",\"HeightPixels\":60");

        Assert.That(images, Has.Count.EqualTo(1), "a range shorter than the interval: the start's image");
        Assert.That(ProbeImage(images[0].Content!), Is.EqualTo(("png", 80, 60)));
    }

    [Test]
    public async Task Times_without_media_are_NO_MEDIA_undecodable_media_MEDIA_ERROR_and_pages_hold_25()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        Sample.Store(Kvs, Stream, start, 1);
        MediaSeeding.Seed(Kvs, Stream, 1, start + TimeSpan.FromSeconds(20)); // random bytes: no decoder takes them

        var first = await PageAsync(start, start + TimeSpan.FromSeconds(30), "\"SamplingInterval\":1000,\"Format\":\"JPEG\",\"MaxResults\":100");
        var token = first.GetProperty("NextToken").GetString()!;
        var second = await PageAsync(start, start + TimeSpan.FromSeconds(30), $"\"SamplingInterval\":1000,\"Format\":\"JPEG\",\"NextToken\":\"{token}\"");
        var errors = Images(first).Concat(Images(second)).Select(i => i.Error).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Images(first), Has.Count.EqualTo(25), "at most 25 a page");
            Assert.That(second.TryGetProperty("NextToken", out _), Is.False);
            Assert.That(errors, Has.Count.EqualTo(31));
            Assert.That(errors[0], Is.Null, "the real fragment at 0 s");
            Assert.That(errors[1..20], Is.All.EqualTo("NO_MEDIA"));
            Assert.That(errors[20], Is.EqualTo("MEDIA_ERROR"), "the undecodable fragment at 20 s");
            Assert.That(errors[21..], Is.All.EqualTo("NO_MEDIA"));
        });
        (await Data.PostAsync("/getImages", Body(start, start + TimeSpan.FromSeconds(29), $"\"SamplingInterval\":1000,\"Format\":\"JPEG\",\"NextToken\":\"{token}\"")))
            .Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private async Task<List<(string TimeStamp, byte[]? Content, string? Error)>> ImagesAsync(DateTimeOffset start, DateTimeOffset end, string members) =>
        Images(await PageAsync(start, end, members));

    private async Task<JsonElement> PageAsync(DateTimeOffset start, DateTimeOffset end, string members) =>
        (await Data.PostAsync("/getImages", Body(start, end, members))).Ok().Body;

    private static List<(string TimeStamp, byte[]? Content, string? Error)> Images(JsonElement page) =>
        [.. page.GetProperty("Images").EnumerateArray().Select(i => (
            i.GetProperty("TimeStamp").GetDecimal().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
            i.TryGetProperty("ImageContent", out var content) ? content.GetBytesFromBase64() : null,
            i.TryGetProperty("Error", out var error) ? error.GetString() : null))];

    private static string Body(DateTimeOffset start, DateTimeOffset end, string members) =>
        $"{{\"StreamName\":\"{Stream}\",\"ImageSelectorType\":\"SERVER_TIMESTAMP\",\"StartTimestamp\":{Epoch(start)},\"EndTimestamp\":{Epoch(end)},{members}}}";

    private (string Codec, int Width, int Height) ProbeImage(byte[] image)
    {
        var path = TempFile(".img");
        File.WriteAllBytes(path, image);
        var line = ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path).StandardOutput.Trim().Split(',');
        return (line[0], int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>GetImages where the emulator has no ffmpeg: the documented error, never a made-up image.</summary>
public class GetImagesWithoutFfmpegTests : ArchivedMediaTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.FfmpegPath = "/nonexistent/ffmpeg";

    [Test]
    public async Task GetImages_is_refused_with_a_message_that_says_ffmpeg_is_missing()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        PlayableFragments.FromSample("h264.mkv").Store(Kvs, Stream, start, 1);

        var response = await Data.PostAsync("/getImages", $"{{\"StreamName\":\"{Stream}\",\"ImageSelectorType\":\"SERVER_TIMESTAMP\",\"StartTimestamp\":{Epoch(start)},\"EndTimestamp\":{Epoch(start)},\"Format\":\"JPEG\"}}");

        Assert.That(response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException").Message, Is.EqualTo(GetImagesOperation.NoDecoderMessage));
    }
}
