using System.Text.Json;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// Per-stream configurations the emulator stores and returns as set: image generation,
/// notifications, and the stream's storage tier.
/// </summary>
internal static class StreamConfigurationOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["UpdateImageGenerationConfiguration"] = context =>
            StreamOperations.Resolve(context).ImageGenerationConfiguration = Configuration(context, "ImageGenerationConfiguration"),
        ["DescribeImageGenerationConfiguration"] = context =>
            WriteConfiguration(context.Output, "ImageGenerationConfiguration", StreamOperations.Resolve(context).ImageGenerationConfiguration),
        ["UpdateNotificationConfiguration"] = context =>
            StreamOperations.Resolve(context).NotificationConfiguration = Configuration(context, "NotificationConfiguration"),
        ["DescribeNotificationConfiguration"] = context =>
            WriteConfiguration(context.Output, "NotificationConfiguration", StreamOperations.Resolve(context).NotificationConfiguration),
        ["UpdateStreamStorageConfiguration"] = UpdateStreamStorageConfiguration,
        ["DescribeStreamStorageConfiguration"] = DescribeStreamStorageConfiguration,
    };

    /// <summary>
    /// The configuration an update sets, checked as the service checks it: the stream must be ACTIVE,
    /// and enabling images or notifications needs stored media (a retention above zero). An update
    /// without the configuration removes it.
    /// </summary>
    private static JsonElement? Configuration(OperationContext context, string member)
    {
        var stream = StreamOperations.Resolve(context);
        if (stream.Status(context.Now) != "ACTIVE")
        {
            throw new ServiceErrorException(ErrorCodes.ResourceInUse, $"The stream {stream.Name} is {stream.Status(context.Now)}.");
        }

        var configuration = context.Input.Object(member);
        if (configuration?.String("Status") == "ENABLED" && stream.DataRetentionInHours == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0).");
        }

        return configuration?.Clone();
    }

    private static void WriteConfiguration(Utf8JsonWriter output, string member, JsonElement? configuration)
    {
        if (configuration is { } value)
        {
            output.WritePropertyName(member);
            value.WriteTo(output);
        }
    }

    private static void UpdateStreamStorageConfiguration(OperationContext context)
    {
        var stream = StreamOperations.ResolveForUpdate(context);
        stream.DefaultStorageTier = context.Input.Object("StreamStorageConfiguration")!.Value.String("DefaultStorageTier")!;
        stream.Version = VersionStamp.Next();
    }

    private static void DescribeStreamStorageConfiguration(OperationContext context)
    {
        var stream = StreamOperations.Resolve(context);
        var output = context.Output;
        output.WriteString("StreamName", stream.Name);
        output.WriteString("StreamARN", stream.Arn);
        output.WriteStartObject("StreamStorageConfiguration");
        output.WriteString("DefaultStorageTier", stream.DefaultStorageTier);
        output.WriteEndObject();
    }
}
