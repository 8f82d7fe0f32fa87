using System.Net;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>CreateStream, DescribeStream, ListStreams, UpdateStream, UpdateDataRetention and DeleteStream over HTTP.</summary>
public class StreamOperationsTests : EmulatorTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.AccountStreamLimit = 3;

    [Test]
    public async Task CreateStream_returns_an_arn_in_the_service_format_and_DescribeStream_returns_what_was_set()
    {
        var arn = (await Caller.PostAsync("/createStream", """
            {"StreamName":"cam-1","DeviceName":"door","MediaType":"video/h264","DataRetentionInHours":48,"KmsKeyId":"arn:aws:kms:us-west-2:123456789012:key/k1"}
            """)).Ok().String("StreamARN");

        var info = (await Caller.PostAsync("/describeStream", """{"StreamName":"cam-1"}""")).Ok().Body.GetProperty("StreamInfo");

        Assert.Multiple(() =>
        {
            Assert.That(arn, Is.EqualTo($"arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam-1/{Time.GetUtcNow().ToUnixTimeMilliseconds()}"));
            Assert.That(info.GetProperty("StreamARN").GetString(), Is.EqualTo(arn));
            Assert.That(info.GetProperty("DeviceName").GetString(), Is.EqualTo("door"));
            Assert.That(info.GetProperty("MediaType").GetString(), Is.EqualTo("video/h264"));
            Assert.That(info.GetProperty("KmsKeyId").GetString(), Is.EqualTo("arn:aws:kms:us-west-2:123456789012:key/k1"));
            Assert.That(info.GetProperty("DataRetentionInHours").GetInt32(), Is.EqualTo(48));
            Assert.That(info.GetProperty("Status").GetString(), Is.EqualTo("ACTIVE"));
            Assert.That(info.GetProperty("CreationTime").GetDecimal(), Is.EqualTo(Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000m));
            Assert.That(info.GetProperty("Version").GetString(), Does.Match("^[a-zA-Z0-9]{1,64}$"));
        });
    }

    [Test]
    public async Task A_stream_created_without_a_key_uses_the_service_managed_key_and_keeps_no_data()
    {
        await Caller.PostAsync("/createStream", """{"StreamName":"plain"}""");

        var info = (await Caller.PostAsync("/describeStream", """{"StreamName":"plain"}""")).Ok().Body.GetProperty("StreamInfo");

        Assert.Multiple(() =>
        {
            Assert.That(info.GetProperty("KmsKeyId").GetString(), Is.EqualTo("arn:aws:kms:us-west-2:123456789012:alias/aws/kinesisvideo"));
            Assert.That(info.GetProperty("DataRetentionInHours").GetInt32(), Is.Zero);
            Assert.That(info.TryGetProperty("DeviceName", out _), Is.False);
        });
    }

    [Test]
    public async Task Timestamps_are_epoch_seconds_with_a_fraction()
    {
        Time.Advance(TimeSpan.FromMilliseconds(250));
        await CreateStreamAsync("fraction");

        var raw = (await Caller.PostAsync("/describeStream", """{"StreamName":"fraction"}""")).Ok().Body.GetProperty("StreamInfo").GetProperty("CreationTime").GetRawText();

        Assert.That(raw, Is.EqualTo($"{Time.GetUtcNow().ToUnixTimeSeconds()}.25"));
    }

    [Test]
    public async Task DescribeStream_finds_a_stream_by_arn_and_refuses_a_name_and_arn_of_different_streams()
    {
        var a = await CreateStreamAsync("a");
        await CreateStreamAsync("b");

        (await Caller.PostAsync("/describeStream", $$"""{"StreamARN":"{{a}}"}""")).Ok();
        (await Caller.PostAsync("/describeStream", $$"""{"StreamName":"b","StreamARN":"{{a}}"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/describeStream", "{}")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task DescribeStream_of_a_missing_stream_is_ResourceNotFound_404()
    {
        (await Caller.PostAsync("/describeStream", """{"StreamName":"missing"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeStream", """{"StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/missing/1"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task Creating_a_stream_twice_is_ResourceInUse()
    {
        await CreateStreamAsync("twice");

        (await Caller.PostAsync("/createStream", """{"StreamName":"twice"}""")).Error(HttpStatusCode.BadRequest, "ResourceInUseException");
    }

    [Test]
    public async Task Past_the_account_limit_CreateStream_is_AccountStreamLimitExceeded()
    {
        await CreateStreamAsync("s1");
        await CreateStreamAsync("s2");
        await CreateStreamAsync("s3");

        (await Caller.PostAsync("/createStream", """{"StreamName":"s4"}""")).Error(HttpStatusCode.BadRequest, "AccountStreamLimitExceededException");
    }

    [TestCase("""{"StreamName":"bad name"}""", "Member must satisfy regular expression pattern")]
    [TestCase("""{"StreamName":""}""", "Member must have length greater than or equal to 1")]
    [TestCase("""{"DeviceName":"d"}""", "Value null at 'streamName' failed to satisfy constraint: Member must not be null")]
    [TestCase("""{"StreamName":"ok","DataRetentionInHours":-1}""", "Member must have value greater than or equal to 0")]
    [TestCase("""{"StreamName":"ok","MediaType":"h264"}""", "Member must satisfy regular expression pattern")]
    [TestCase("""{"StreamName":"ok","StreamStorageConfiguration":{"DefaultStorageTier":"COLD"}}""", "Member must satisfy enum value set: [HOT, WARM]")]
    [TestCase("""{"StreamName":"ok","DataRetentionInHours":87601}""", "87600")]
    public async Task CreateStream_validates_its_input_as_the_model_says(string body, string message)
    {
        var response = (await Caller.PostAsync("/createStream", body)).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");

        Assert.That(response.Message, Does.Contain(message));
    }

    [Test]
    public async Task A_stream_name_of_256_characters_is_accepted_and_257_refused()
    {
        (await Caller.PostAsync("/createStream", $$"""{"StreamName":"{{new string('n', 256)}}"}""")).Ok();
        (await Caller.PostAsync("/createStream", $$"""{"StreamName":"{{new string('n', 257)}}"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task A_body_that_is_not_json_or_has_a_wrongly_typed_member_is_a_SerializationException()
    {
        (await Caller.PostAsync("/createStream", "{not json")).Error(HttpStatusCode.BadRequest, "SerializationException");
        (await Caller.PostAsync("/createStream", """{"StreamName":5}""")).Error(HttpStatusCode.BadRequest, "SerializationException");
    }

    [Test]
    public async Task ListStreams_pages_in_name_order_and_filters_by_prefix()
    {
        await CreateStreamAsync("cam-b");
        await CreateStreamAsync("cam-a");
        await CreateStreamAsync("door");

        var first = (await Caller.PostAsync("/listStreams", """{"MaxResults":1,"StreamNameCondition":{"ComparisonOperator":"BEGINS_WITH","ComparisonValue":"cam"}}""")).Ok();
        var token = first.String("NextToken");
        var second = (await Caller.PostAsync("/listStreams", $$$"""{"MaxResults":1,"NextToken":"{{{token}}}","StreamNameCondition":{"ComparisonOperator":"BEGINS_WITH","ComparisonValue":"cam"}}""")).Ok();
        var all = (await Caller.PostAsync("/listStreams", "{}")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(Names(first), Is.EqualTo(new[] { "cam-a" }));
            Assert.That(token, Does.Match("^[a-zA-Z0-9+/=]+$"));
            Assert.That(Names(second), Is.EqualTo(new[] { "cam-b" }));
            Assert.That(second.Body.TryGetProperty("NextToken", out _), Is.False);
            Assert.That(Names(all), Is.EqualTo(new[] { "cam-a", "cam-b", "door" }));
        });
    }

    [Test]
    public async Task ListStreams_refuses_a_MaxResults_out_of_range()
    {
        (await Caller.PostAsync("/listStreams", """{"MaxResults":0}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/listStreams", """{"MaxResults":10001}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task UpdateStream_changes_the_version_and_a_stale_version_is_VersionMismatch()
    {
        await CreateStreamAsync("upd");
        var v1 = await StreamVersionAsync("upd");

        (await Caller.PostAsync("/updateStream", $$"""{"StreamName":"upd","CurrentVersion":"{{v1}}","DeviceName":"new-device","MediaType":"audio/aac"}""")).Ok();
        var info = (await Caller.PostAsync("/describeStream", """{"StreamName":"upd"}""")).Ok().Body.GetProperty("StreamInfo");

        Assert.Multiple(() =>
        {
            Assert.That(info.GetProperty("Version").GetString(), Is.Not.EqualTo(v1));
            Assert.That(info.GetProperty("DeviceName").GetString(), Is.EqualTo("new-device"));
            Assert.That(info.GetProperty("MediaType").GetString(), Is.EqualTo("audio/aac"));
        });
        (await Caller.PostAsync("/updateStream", $$"""{"StreamName":"upd","CurrentVersion":"{{v1}}","DeviceName":"again"}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/updateStream", """{"StreamName":"missing","CurrentVersion":"abc"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task UpdateDataRetention_increases_and_decreases_and_never_goes_below_zero()
    {
        await CreateStreamAsync("ret", retentionHours: 10);

        (await Caller.PostAsync("/updateDataRetention", $$"""{"StreamName":"ret","CurrentVersion":"{{await StreamVersionAsync("ret")}}","Operation":"INCREASE_DATA_RETENTION","DataRetentionChangeInHours":5}""")).Ok();
        Assert.That(await RetentionAsync("ret"), Is.EqualTo(15));
        (await Caller.PostAsync("/updateDataRetention", $$"""{"StreamName":"ret","CurrentVersion":"{{await StreamVersionAsync("ret")}}","Operation":"DECREASE_DATA_RETENTION","DataRetentionChangeInHours":15}""")).Ok();
        Assert.That(await RetentionAsync("ret"), Is.Zero);

        (await Caller.PostAsync("/updateDataRetention", $$"""{"StreamName":"ret","CurrentVersion":"{{await StreamVersionAsync("ret")}}","Operation":"DECREASE_DATA_RETENTION","DataRetentionChangeInHours":1}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/updateDataRetention", """{"StreamName":"ret","CurrentVersion":"stale","Operation":"INCREASE_DATA_RETENTION","DataRetentionChangeInHours":1}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/updateDataRetention", $$"""{"StreamName":"ret","CurrentVersion":"{{await StreamVersionAsync("ret")}}","Operation":"GROW","DataRetentionChangeInHours":1}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task DeleteStream_removes_the_stream_and_checks_the_version_when_given()
    {
        var arn = await CreateStreamAsync("gone");

        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{arn}}","CurrentVersion":"stale"}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{arn}}"}""")).Ok();
        (await Caller.PostAsync("/describeStream", """{"StreamName":"gone"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{arn}}"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/deleteStream", """{"StreamARN":"not-an-arn"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private async Task<int> RetentionAsync(string name) =>
        (await Caller.PostAsync("/describeStream", $$"""{"StreamName":"{{name}}"}""")).Ok().Body.GetProperty("StreamInfo").GetProperty("DataRetentionInHours").GetInt32();

    private static List<string> Names(EmulatorResponse response) =>
        response.Body.GetProperty("StreamInfoList").EnumerateArray().Select(s => s.GetProperty("StreamName").GetString()!).ToList();
}

/// <summary>A stream that becomes ACTIVE only after a delay on the emulator's clock.</summary>
public class StreamActivationTests : EmulatorTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.StreamActivationDelay = TimeSpan.FromSeconds(5);

    [Test]
    public async Task A_new_stream_is_CREATING_until_the_delay_passes_and_cannot_be_updated_meanwhile()
    {
        await CreateStreamAsync("slow");
        var version = await StreamVersionAsync("slow");

        Assert.That(await StatusAsync(), Is.EqualTo("CREATING"));
        (await Caller.PostAsync("/updateStream", $$"""{"StreamName":"slow","CurrentVersion":"{{version}}","DeviceName":"d"}""")).Error(HttpStatusCode.BadRequest, "ResourceInUseException");

        Time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(await StatusAsync(), Is.EqualTo("ACTIVE"));
        (await Caller.PostAsync("/updateStream", $$"""{"StreamName":"slow","CurrentVersion":"{{version}}","DeviceName":"d"}""")).Ok();
    }

    private async Task<string> StatusAsync() =>
        (await Caller.PostAsync("/describeStream", """{"StreamName":"slow"}""")).Ok().Body.GetProperty("StreamInfo").GetProperty("Status").GetString()!;
}
