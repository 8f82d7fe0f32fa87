using System.Text.Json;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Operations;

/// <summary>Signaling channels: Create, Describe, List, Update and Delete.</summary>
internal static class SignalingChannelOperations
{
    /// <summary>The service's MessageTtlSeconds when a SINGLE_MASTER channel is created without one.</summary>
    public const int DefaultMessageTtlSeconds = 60;

    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["CreateSignalingChannel"] = CreateSignalingChannel,
        ["DescribeSignalingChannel"] = DescribeSignalingChannel,
        ["ListSignalingChannels"] = ListSignalingChannels,
        ["UpdateSignalingChannel"] = UpdateSignalingChannel,
        ["DeleteSignalingChannel"] = DeleteSignalingChannel,
    };

    private static void CreateSignalingChannel(OperationContext context)
    {
        var input = context.Input;
        var state = context.State;
        var name = input.String("ChannelName")!;
        var now = context.Now;
        var channel = new ChannelRecord
        {
            Name = name,
            Arn = ResourceArn.Channel(state.Region, state.AccountId, name, now),
            ChannelType = input.String("ChannelType") ?? "SINGLE_MASTER",
            CreationTime = now,
            MessageTtlSeconds = input.Object("SingleMasterConfiguration")?.Int("MessageTtlSeconds") ?? DefaultMessageTtlSeconds,
            Version = VersionStamp.Next(),
        };
        channel.Tags.Apply(input.TagList("Tags"));
        state.Channels.Add(channel, state.AccountChannelLimit);
        context.Output.WriteString("ChannelARN", channel.Arn);
    }

    private static void DescribeSignalingChannel(OperationContext context)
    {
        var channel = context.State.Channels.Resolve(context.Input.String("ChannelName"), context.Input.String("ChannelARN"));
        context.Output.WritePropertyName("ChannelInfo");
        WriteChannelInfo(context.Output, channel);
    }

    private static void ListSignalingChannels(OperationContext context)
    {
        var input = context.Input;
        var prefix = input.Object("ChannelNameCondition")?.String("ComparisonValue");
        var channels = context.State.Channels.InNameOrder.Where(c => prefix is null || c.Name.StartsWith(prefix, StringComparison.Ordinal));
        var (page, next) = PageToken.Page(channels, c => c.Name, input.String("NextToken"), input.Int("MaxResults") ?? 10_000);
        context.Output.WriteStartArray("ChannelInfoList");
        foreach (var channel in page)
        {
            WriteChannelInfo(context.Output, channel);
        }

        context.Output.WriteEndArray();
        context.Output.WriteOptional("NextToken", next);
    }

    private static void UpdateSignalingChannel(OperationContext context)
    {
        var channel = Resolve(context);
        StreamOperations.CheckVersion(channel.Version, context.Input.String("CurrentVersion"));
        channel.MessageTtlSeconds = context.Input.Object("SingleMasterConfiguration")?.Int("MessageTtlSeconds") ?? channel.MessageTtlSeconds;
        channel.Version = VersionStamp.Next();
    }

    private static void DeleteSignalingChannel(OperationContext context)
    {
        var channel = Resolve(context);
        StreamOperations.CheckVersion(channel.Version, context.Input.String("CurrentVersion"));
        context.State.Channels.Remove(channel);
        context.State.Masters.TryRemove(channel.Arn, out _);
    }

    /// <summary>The channel named by the request's ChannelARN.</summary>
    public static ChannelRecord Resolve(OperationContext context) =>
        context.State.Channels.Resolve(name: null, context.Input.String("ChannelARN"));

    private static void WriteChannelInfo(Utf8JsonWriter output, ChannelRecord channel)
    {
        output.WriteStartObject();
        output.WriteString("ChannelName", channel.Name);
        output.WriteString("ChannelARN", channel.Arn);
        output.WriteString("ChannelType", channel.ChannelType);
        output.WriteString("ChannelStatus", "ACTIVE");
        output.WriteEpochSeconds("CreationTime", channel.CreationTime);
        output.WriteStartObject("SingleMasterConfiguration");
        output.WriteNumber("MessageTtlSeconds", channel.MessageTtlSeconds);
        output.WriteEndObject();
        output.WriteString("Version", channel.Version);
        output.WriteEndObject();
    }
}
