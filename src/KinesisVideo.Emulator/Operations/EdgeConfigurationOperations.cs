using System.Text.Json;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// Edge configurations: StartEdgeConfigurationUpdate, DescribeEdgeConfiguration,
/// DeleteEdgeConfiguration and ListEdgeAgentConfigurations. There is no edge agent: a started update
/// answers SYNCING and is reported IN_SYNC from then on, as if the agent took it at once.
/// </summary>
internal static class EdgeConfigurationOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["StartEdgeConfigurationUpdate"] = StartEdgeConfigurationUpdate,
        ["DescribeEdgeConfiguration"] = DescribeEdgeConfiguration,
        ["DeleteEdgeConfiguration"] = DeleteEdgeConfiguration,
        ["ListEdgeAgentConfigurations"] = ListEdgeAgentConfigurations,
    };

    private static void StartEdgeConfigurationUpdate(OperationContext context)
    {
        var stream = StreamOperations.Resolve(context);
        if (stream.DataRetentionInHours == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0).");
        }

        var edgeConfig = context.Input.Object("EdgeConfig")!.Value.Clone();
        var now = context.Now;
        stream.EdgeConfiguration = new EdgeConfigurationRecord(edgeConfig, edgeConfig.String("HubDeviceArn")!, stream.EdgeConfiguration?.CreationTime ?? now, now);
        Write(context.Output, stream, "SYNCING");
    }

    private static void DescribeEdgeConfiguration(OperationContext context)
    {
        var stream = WithEdgeConfiguration(context);
        Write(context.Output, stream, "IN_SYNC");
    }

    private static void DeleteEdgeConfiguration(OperationContext context) =>
        WithEdgeConfiguration(context).EdgeConfiguration = null;

    private static void ListEdgeAgentConfigurations(OperationContext context)
    {
        var hub = context.Input.String("HubDeviceArn")!;
        var streams = context.State.Streams.InNameOrder.Where(s => s.EdgeConfiguration?.HubDeviceArn == hub);
        var (page, next) = PageToken.Page(streams, s => s.Name, context.Input.String("NextToken"), context.Input.Int("MaxResults") ?? 10);
        context.Output.WriteStartArray("EdgeConfigs");
        foreach (var stream in page)
        {
            context.Output.WriteStartObject();
            Write(context.Output, stream, "IN_SYNC");
            context.Output.WriteEndObject();
        }

        context.Output.WriteEndArray();
        context.Output.WriteOptional("NextToken", next);
    }

    private static StreamRecord WithEdgeConfiguration(OperationContext context)
    {
        var stream = StreamOperations.Resolve(context);
        return stream.EdgeConfiguration is null
            ? throw new ServiceErrorException(ErrorCodes.StreamEdgeConfigurationNotFound, $"The stream {stream.Name} has no edge configuration.")
            : stream;
    }

    private static void Write(Utf8JsonWriter output, StreamRecord stream, string syncStatus)
    {
        var edge = stream.EdgeConfiguration!;
        output.WriteString("StreamName", stream.Name);
        output.WriteString("StreamARN", stream.Arn);
        output.WriteEpochSeconds("CreationTime", edge.CreationTime);
        output.WriteEpochSeconds("LastUpdatedTime", edge.LastUpdatedTime);
        output.WriteString("SyncStatus", syncStatus);
        output.WritePropertyName("EdgeConfig");
        edge.EdgeConfig.WriteTo(output);
    }
}
