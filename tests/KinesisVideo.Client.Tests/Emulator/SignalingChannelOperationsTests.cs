using System.Net;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>CreateSignalingChannel, DescribeSignalingChannel, ListSignalingChannels, UpdateSignalingChannel and DeleteSignalingChannel over HTTP.</summary>
public class SignalingChannelOperationsTests : EmulatorTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.AccountChannelLimit = 2;

    [Test]
    public async Task CreateSignalingChannel_returns_a_channel_arn_and_Describe_returns_the_single_master_configuration()
    {
        var arn = (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"room","ChannelType":"SINGLE_MASTER","SingleMasterConfiguration":{"MessageTtlSeconds":30}}""")).Ok().String("ChannelARN");

        var info = (await Caller.PostAsync("/describeSignalingChannel", """{"ChannelName":"room"}""")).Ok().Body.GetProperty("ChannelInfo");

        Assert.Multiple(() =>
        {
            Assert.That(arn, Is.EqualTo($"arn:aws:kinesisvideo:us-west-2:123456789012:channel/room/{Time.GetUtcNow().ToUnixTimeMilliseconds()}"));
            Assert.That(info.GetProperty("ChannelARN").GetString(), Is.EqualTo(arn));
            Assert.That(info.GetProperty("ChannelType").GetString(), Is.EqualTo("SINGLE_MASTER"));
            Assert.That(info.GetProperty("ChannelStatus").GetString(), Is.EqualTo("ACTIVE"));
            Assert.That(info.GetProperty("SingleMasterConfiguration").GetProperty("MessageTtlSeconds").GetInt32(), Is.EqualTo(30));
            Assert.That(info.GetProperty("CreationTime").GetDecimal(), Is.EqualTo(Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000m));
        });
    }

    [Test]
    public async Task A_channel_created_without_configuration_is_single_master_with_a_60_second_ttl()
    {
        var arn = await CreateChannelAsync("defaults");

        var info = (await Caller.PostAsync("/describeSignalingChannel", $$"""{"ChannelARN":"{{arn}}"}""")).Ok().Body.GetProperty("ChannelInfo");

        Assert.Multiple(() =>
        {
            Assert.That(info.GetProperty("ChannelType").GetString(), Is.EqualTo("SINGLE_MASTER"));
            Assert.That(info.GetProperty("SingleMasterConfiguration").GetProperty("MessageTtlSeconds").GetInt32(), Is.EqualTo(60));
        });
    }

    [Test]
    public async Task Channel_errors_duplicate_missing_invalid_and_over_the_account_limit()
    {
        await CreateChannelAsync("one");

        (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"one"}""")).Error(HttpStatusCode.BadRequest, "ResourceInUseException");
        (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"ttl","SingleMasterConfiguration":{"MessageTtlSeconds":121}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"type","ChannelType":"MULTI"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/describeSignalingChannel", """{"ChannelName":"missing"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeSignalingChannel", "{}")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        await CreateChannelAsync("two");
        (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"three"}""")).Error(HttpStatusCode.BadRequest, "AccountChannelLimitExceededException");
    }

    [Test]
    public async Task ListSignalingChannels_pages_and_filters_by_prefix()
    {
        await CreateChannelAsync("b-room");
        await CreateChannelAsync("a-room");

        var first = (await Caller.PostAsync("/listSignalingChannels", """{"MaxResults":1}""")).Ok();
        var second = (await Caller.PostAsync("/listSignalingChannels", $$"""{"MaxResults":1,"NextToken":"{{first.String("NextToken")}}"}""")).Ok();
        var filtered = (await Caller.PostAsync("/listSignalingChannels", """{"ChannelNameCondition":{"ComparisonOperator":"BEGINS_WITH","ComparisonValue":"b"}}""")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(Names(first), Is.EqualTo(new[] { "a-room" }));
            Assert.That(Names(second), Is.EqualTo(new[] { "b-room" }));
            Assert.That(second.Body.TryGetProperty("NextToken", out _), Is.False);
            Assert.That(Names(filtered), Is.EqualTo(new[] { "b-room" }));
        });
    }

    [Test]
    public async Task UpdateSignalingChannel_changes_ttl_and_version_and_refuses_a_stale_version()
    {
        var arn = await CreateChannelAsync("upd");
        var v1 = await ChannelVersionAsync(arn);

        (await Caller.PostAsync("/updateSignalingChannel", $$$"""{"ChannelARN":"{{{arn}}}","CurrentVersion":"{{{v1}}}","SingleMasterConfiguration":{"MessageTtlSeconds":90}}""")).Ok();
        var info = (await Caller.PostAsync("/describeSignalingChannel", $$"""{"ChannelARN":"{{arn}}"}""")).Ok().Body.GetProperty("ChannelInfo");

        Assert.Multiple(() =>
        {
            Assert.That(info.GetProperty("SingleMasterConfiguration").GetProperty("MessageTtlSeconds").GetInt32(), Is.EqualTo(90));
            Assert.That(info.GetProperty("Version").GetString(), Is.Not.EqualTo(v1));
        });
        (await Caller.PostAsync("/updateSignalingChannel", $$"""{"ChannelARN":"{{arn}}","CurrentVersion":"{{v1}}"}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/updateSignalingChannel", """{"ChannelARN":"arn:aws:kinesisvideo:us-west-2:123456789012:channel/none/1","CurrentVersion":"v"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task DeleteSignalingChannel_removes_the_channel_and_checks_the_version()
    {
        var arn = await CreateChannelAsync("del");

        (await Caller.PostAsync("/deleteSignalingChannel", $$"""{"ChannelARN":"{{arn}}","CurrentVersion":"stale"}""")).Error(HttpStatusCode.BadRequest, "VersionMismatchException");
        (await Caller.PostAsync("/deleteSignalingChannel", $$"""{"ChannelARN":"{{arn}}","CurrentVersion":"{{await ChannelVersionAsync(arn)}}"}""")).Ok();
        (await Caller.PostAsync("/describeSignalingChannel", $$"""{"ChannelARN":"{{arn}}"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/deleteSignalingChannel", $$"""{"ChannelARN":"{{arn}}"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    private static List<string> Names(EmulatorResponse response) =>
        response.Body.GetProperty("ChannelInfoList").EnumerateArray().Select(c => c.GetProperty("ChannelName").GetString()!).ToList();
}
