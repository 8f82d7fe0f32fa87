using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>StartEdgeConfigurationUpdate, DescribeEdgeConfiguration, DeleteEdgeConfiguration and ListEdgeAgentConfigurations over HTTP.</summary>
public class EdgeConfigurationOperationsTests : EmulatorTest
{
    private const string Hub = "arn:aws:iot:us-west-2:123456789012:thing/hub-1";

    private const string EdgeConfig = $$$"""
        {"HubDeviceArn":"{{{Hub}}}","RecorderConfig":{"MediaSourceConfig":{"MediaUriSecretArn":"arn:aws:secretsmanager:us-west-2:123456789012:secret:cam","MediaUriType":"RTSP_URI"}},"DeletionConfig":{"EdgeRetentionInHours":24,"DeleteAfterUpload":true}}
        """;

    [Test]
    public async Task An_edge_configuration_is_started_described_listed_by_hub_and_deleted()
    {
        var arn = await CreateStreamAsync("edge");

        var started = (await Caller.PostAsync("/startEdgeConfigurationUpdate", $$"""{"StreamName":"edge","EdgeConfig":{{EdgeConfig}}}""")).Ok();
        var described = (await Caller.PostAsync("/describeEdgeConfiguration", $$"""{"StreamARN":"{{arn}}"}""")).Ok();
        var listed = (await Caller.PostAsync("/listEdgeAgentConfigurations", $$"""{"HubDeviceArn":"{{Hub}}"}""")).Ok();
        var otherHub = (await Caller.PostAsync("/listEdgeAgentConfigurations", """{"HubDeviceArn":"arn:aws:iot:us-west-2:123456789012:thing/other"}""")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(started.String("SyncStatus"), Is.EqualTo("SYNCING"));
            Assert.That(started.String("StreamARN"), Is.EqualTo(arn));
            Assert.That(described.String("SyncStatus"), Is.EqualTo("IN_SYNC"));
            Assert.That(JsonElement.DeepEquals(described.Body.GetProperty("EdgeConfig"), Parse(EdgeConfig)), Is.True);
            Assert.That(described.Body.GetProperty("CreationTime").GetDecimal(), Is.EqualTo(Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000m));
            Assert.That(listed.Body.GetProperty("EdgeConfigs").EnumerateArray().Single().GetProperty("StreamName").GetString(), Is.EqualTo("edge"));
            Assert.That(otherHub.Body.GetProperty("EdgeConfigs").GetArrayLength(), Is.Zero);
        });

        (await Caller.PostAsync("/deleteEdgeConfiguration", """{"StreamName":"edge"}""")).Ok();
        (await Caller.PostAsync("/describeEdgeConfiguration", """{"StreamName":"edge"}""")).Error(HttpStatusCode.NotFound, "StreamEdgeConfigurationNotFoundException");
        (await Caller.PostAsync("/deleteEdgeConfiguration", """{"StreamName":"edge"}""")).Error(HttpStatusCode.NotFound, "StreamEdgeConfigurationNotFoundException");
    }

    [Test]
    public async Task Edge_errors_no_retention_missing_stream_invalid_config()
    {
        await CreateStreamAsync("zero", retentionHours: 0);

        (await Caller.PostAsync("/startEdgeConfigurationUpdate", $$"""{"StreamName":"zero","EdgeConfig":{{EdgeConfig}}}""")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
        (await Caller.PostAsync("/startEdgeConfigurationUpdate", $$"""{"StreamName":"none","EdgeConfig":{{EdgeConfig}}}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/describeEdgeConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/deleteEdgeConfiguration", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/startEdgeConfigurationUpdate", """{"StreamName":"zero","EdgeConfig":{"HubDeviceArn":"arn:aws:iot:us-west-2:123456789012:thing/h"}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/listEdgeAgentConfigurations", "{}")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/listEdgeAgentConfigurations", $$"""{"HubDeviceArn":"{{Hub}}","MaxResults":11}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
