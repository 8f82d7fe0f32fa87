using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// Media storage of signaling channels (WebRTC ingestion into a stream): Update- and
/// DescribeMediaStorageConfiguration, and the stream-side view, DescribeMappedResourceConfiguration.
/// </summary>
internal static class MediaStorageOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["UpdateMediaStorageConfiguration"] = UpdateMediaStorageConfiguration,
        ["DescribeMediaStorageConfiguration"] = DescribeMediaStorageConfiguration,
        ["DescribeMappedResourceConfiguration"] = DescribeMappedResourceConfiguration,
    };

    private static void UpdateMediaStorageConfiguration(OperationContext context)
    {
        var channel = SignalingChannelOperations.Resolve(context);
        var configuration = context.Input.Object("MediaStorageConfiguration")!.Value;
        var status = configuration.String("Status")!;
        var streamArn = configuration.String("StreamARN");
        if (status == "ENABLED")
        {
            if (streamArn is null)
            {
                throw new ServiceErrorException(ErrorCodes.InvalidArgument, "MediaStorageConfiguration.StreamARN is required when Status is ENABLED.");
            }

            var stream = context.State.Streams.FindByArn(streamArn)
                ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested stream {streamArn} is not found or not active.");
            if (stream.DataRetentionInHours == 0)
            {
                throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0).");
            }

            // A stream takes the media of one channel only.
            if (context.State.Channels.InNameOrder.Any(c => c != channel && c.MediaStorageStatus == "ENABLED" && c.MediaStorageStreamArn == streamArn))
            {
                throw new ServiceErrorException(ErrorCodes.ResourceInUse, $"The stream {stream.Name} already stores the media of another signaling channel.");
            }
        }

        channel.MediaStorageStatus = status;
        channel.MediaStorageStreamArn = streamArn;
    }

    private static void DescribeMediaStorageConfiguration(OperationContext context)
    {
        var channel = context.State.Channels.Resolve(context.Input.String("ChannelName"), context.Input.String("ChannelARN"));
        var output = context.Output;
        output.WriteStartObject("MediaStorageConfiguration");
        output.WriteOptional("StreamARN", channel.MediaStorageStreamArn);
        output.WriteString("Status", channel.MediaStorageStatus);
        output.WriteEndObject();
    }

    private static void DescribeMappedResourceConfiguration(OperationContext context)
    {
        var stream = StreamOperations.Resolve(context);
        var output = context.Output;
        output.WriteStartArray("MappedResourceConfigurationList");
        foreach (var channel in context.State.Channels.InNameOrder.Where(c => c.MediaStorageStatus == "ENABLED" && c.MediaStorageStreamArn == stream.Arn))
        {
            output.WriteStartObject();
            output.WriteString("Type", "SIGNALING_CHANNEL");
            output.WriteString("ARN", channel.Arn);
            output.WriteEndObject();
        }

        output.WriteEndArray();
    }
}
