using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>
/// Image generation, notification, stream storage, media storage and mapped-resource
/// configurations over HTTP: stored and returned as set, with the documented errors.
/// </summary>
public class ConfigurationOperationsTests : EmulatorTest
{
    private const string ImageConfiguration = """
        {"Status":"ENABLED","ImageSelectorType":"SERVER_TIMESTAMP","DestinationConfig":{"Uri":"s3://bucket/images","DestinationRegion":"us-west-2"},"SamplingInterval":3000,"Format":"JPEG","FormatConfig":{"JPEGQuality":"80"},"WidthPixels":640,"HeightPixels":480}
        """;

    private const string NotificationConfiguration = """{"Status":"ENABLED","DestinationConfig":{"Uri":"arn:aws:sns:us-west-2:123456789012:topic"}}""";

    [Test]
    public async Task Image_generation_configuration_is_returned_as_set()
    {
        await CreateStreamAsync("img");
        (await Caller.PostAsync("/describeImageGenerationConfiguration", """{"StreamName":"img"}""")).Ok();

        (await Caller.PostAsync("/updateImageGenerationConfiguration", $$"""{"StreamName":"img","ImageGenerationConfiguration":{{ImageConfiguration}}}""")).Ok();
        var described = (await Caller.PostAsync("/describeImageGenerationConfiguration", """{"StreamName":"img"}""")).Ok();

        Assert.That(JsonElement.DeepEquals(described.Body.GetProperty("ImageGenerationConfiguration"), Parse(ImageConfiguration)), Is.True, described.Body.GetRawText());
    }

    [Test]
    public async Task Image_generation_errors_no_retention_missing_stream_invalid_values()
    {
        await CreateStreamAsync("no-retention", retentionHours: 0);

        (await Caller.PostAsync("/updateImageGenerationConfiguration", $$"""{"StreamName":"no-retention","ImageGenerationConfiguration":{{ImageConfiguration}}}""")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Caller.PostAsync("/updateImageGenerationConfiguration", $$"""{"StreamName":"none","ImageGenerationConfiguration":{{ImageConfiguration}}}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeImageGenerationConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        var tooWide = ImageConfiguration.Replace("\"WidthPixels\":640", "\"WidthPixels\":3841", StringComparison.Ordinal);
        (await Caller.PostAsync("/updateImageGenerationConfiguration", $$"""{"StreamName":"no-retention","ImageGenerationConfiguration":{{tooWide}}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Notification_configuration_is_returned_as_set_and_needs_retention()
    {
        await CreateStreamAsync("note");
        await CreateStreamAsync("note-0", retentionHours: 0);

        (await Caller.PostAsync("/updateNotificationConfiguration", $$"""{"StreamName":"note","NotificationConfiguration":{{NotificationConfiguration}}}""")).Ok();
        var described = (await Caller.PostAsync("/describeNotificationConfiguration", """{"StreamName":"note"}""")).Ok();

        Assert.That(JsonElement.DeepEquals(described.Body.GetProperty("NotificationConfiguration"), Parse(NotificationConfiguration)), Is.True);
        (await Caller.PostAsync("/updateNotificationConfiguration", $$"""{"StreamName":"note-0","NotificationConfiguration":{{NotificationConfiguration}}}""")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Caller.PostAsync("/describeNotificationConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/updateNotificationConfiguration", """{"StreamName":"note","NotificationConfiguration":{"Status":"ON","DestinationConfig":{"Uri":"x:y"}}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Stream_storage_defaults_to_HOT_and_updates_with_the_current_version()
    {
        var arn = await CreateStreamAsync("tier");
        var before = (await Caller.PostAsync("/describeStreamStorageConfiguration", """{"StreamName":"tier"}""")).Ok();
        var version = await StreamVersionAsync("tier");

        (await Caller.PostAsync("/updateStreamStorageConfiguration", $$$"""{"StreamARN":"{{{arn}}}","CurrentVersion":"{{{version}}}","StreamStorageConfiguration":{"DefaultStorageTier":"WARM"}}""")).Ok();
        var after = (await Caller.PostAsync("/describeStreamStorageConfiguration", $$"""{"StreamARN":"{{arn}}"}""")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(before.Body.GetProperty("StreamStorageConfiguration").GetProperty("DefaultStorageTier").GetString(), Is.EqualTo("HOT"));
            Assert.That(after.Body.GetProperty("StreamStorageConfiguration").GetProperty("DefaultStorageTier").GetString(), Is.EqualTo("WARM"));
            Assert.That(after.String("StreamName"), Is.EqualTo("tier"));
            Assert.That(after.String("StreamARN"), Is.EqualTo(arn));
        });
        (await Caller.PostAsync("/updateStreamStorageConfiguration", $$$"""{"StreamARN":"{{{arn}}}","CurrentVersion":"{{{version}}}","StreamStorageConfiguration":{"DefaultStorageTier":"HOT"}}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/describeStreamStorageConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task Media_storage_maps_a_channel_to_a_stream_and_the_stream_sees_the_channel()
    {
        var stream = await CreateStreamAsync("ingest");
        var channel = await CreateChannelAsync("webrtc");
        var before = (await Caller.PostAsync("/describeMediaStorageConfiguration", """{"ChannelName":"webrtc"}""")).Ok();

        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$$"""{"ChannelARN":"{{{channel}}}","MediaStorageConfiguration":{"StreamARN":"{{{stream}}}","Status":"ENABLED"}}""")).Ok();
        var after = (await Caller.PostAsync("/describeMediaStorageConfiguration", $$"""{"ChannelARN":"{{channel}}"}""")).Ok();
        var mapped = (await Caller.PostAsync("/describeMappedResourceConfiguration", """{"StreamName":"ingest"}""")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(before.Body.GetProperty("MediaStorageConfiguration").GetProperty("Status").GetString(), Is.EqualTo("DISABLED"));
            Assert.That(after.Body.GetProperty("MediaStorageConfiguration").GetProperty("Status").GetString(), Is.EqualTo("ENABLED"));
            Assert.That(after.Body.GetProperty("MediaStorageConfiguration").GetProperty("StreamARN").GetString(), Is.EqualTo(stream));
            var item = mapped.Body.GetProperty("MappedResourceConfigurationList").EnumerateArray().Single();
            Assert.That(item.GetProperty("ARN").GetString(), Is.EqualTo(channel));
            Assert.That(item.GetProperty("Type").GetString(), Is.EqualTo("SIGNALING_CHANNEL"));
        });
    }

    [Test]
    public async Task Media_storage_errors()
    {
        var noRetention = await CreateStreamAsync("zero", retentionHours: 0);
        var stream = await CreateStreamAsync("taken");
        var first = await CreateChannelAsync("first");
        var second = await CreateChannelAsync("second");
        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$$"""{"ChannelARN":"{{{first}}}","MediaStorageConfiguration":{"StreamARN":"{{{stream}}}","Status":"ENABLED"}}""")).Ok();

        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$$"""{"ChannelARN":"{{{second}}}","MediaStorageConfiguration":{"StreamARN":"{{{stream}}}","Status":"ENABLED"}}""")).Error(HttpStatusCode.BadRequest, "ResourceInUseException");
        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$$"""{"ChannelARN":"{{{second}}}","MediaStorageConfiguration":{"StreamARN":"{{{noRetention}}}","Status":"ENABLED"}}""")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$$"""{"ChannelARN":"{{{second}}}","MediaStorageConfiguration":{"StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/none/1","Status":"ENABLED"}}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/updateMediaStorageConfiguration", $$"""{"ChannelARN":"{{second}}"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/describeMediaStorageConfiguration", """{"ChannelName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeMappedResourceConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeMappedResourceConfiguration", """{"StreamName":"taken","MaxResults":2}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
