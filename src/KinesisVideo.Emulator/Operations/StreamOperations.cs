using System.Text.Json;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Operations;

/// <summary>Streams: CreateStream, DescribeStream, ListStreams, UpdateStream, UpdateDataRetention, DeleteStream.</summary>
internal static class StreamOperations
{
    /// <summary>The documented ceiling of DataRetentionInHours: ten years.</summary>
    public const int MaxDataRetentionInHours = 87_600;

    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["CreateStream"] = CreateStream,
        ["DescribeStream"] = DescribeStream,
        ["ListStreams"] = ListStreams,
        ["UpdateStream"] = UpdateStream,
        ["UpdateDataRetention"] = UpdateDataRetention,
        ["DeleteStream"] = DeleteStream,
    };

    private static void CreateStream(OperationContext context)
    {
        var input = context.Input;
        var state = context.State;
        var name = input.String("StreamName")!;
        var retention = input.Int("DataRetentionInHours") ?? 0;
        CheckRetention(retention);
        var now = context.Now;
        var stream = new StreamRecord
        {
            Name = name,
            Arn = ResourceArn.Stream(state.Region, state.AccountId, name, now),
            CreationTime = now,
            ActiveFrom = now + state.StreamActivationDelay,
            DeviceName = input.String("DeviceName"),
            MediaType = input.String("MediaType"),
            KmsKeyId = input.String("KmsKeyId") ?? state.DefaultKmsKeyId,
            DataRetentionInHours = retention,
            Version = VersionStamp.Next(),
        };
        if (input.Object("StreamStorageConfiguration") is { } storage)
        {
            stream.DefaultStorageTier = storage.String("DefaultStorageTier")!;
        }

        // Tags are checked before the stream exists, so a refused create leaves nothing behind.
        stream.Tags.Apply(input.StringMap("Tags"));
        state.Streams.Add(stream, state.AccountStreamLimit);
        context.Output.WriteString("StreamARN", stream.Arn);
    }

    private static void DescribeStream(OperationContext context)
    {
        var stream = Resolve(context);
        context.Output.WritePropertyName("StreamInfo");
        WriteStreamInfo(context.Output, stream, context.Now);
    }

    private static void ListStreams(OperationContext context)
    {
        var input = context.Input;
        var prefix = input.Object("StreamNameCondition")?.String("ComparisonValue");
        var streams = context.State.Streams.InNameOrder.Where(s => prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal));
        var (page, next) = PageToken.Page(streams, s => s.Name, input.String("NextToken"), input.Int("MaxResults") ?? 10_000);
        var output = context.Output;
        output.WriteStartArray("StreamInfoList");
        foreach (var stream in page)
        {
            WriteStreamInfo(output, stream, context.Now);
        }

        output.WriteEndArray();
        output.WriteOptional("NextToken", next);
    }

    private static void UpdateStream(OperationContext context)
    {
        var stream = ResolveForUpdate(context);
        stream.DeviceName = context.Input.String("DeviceName") ?? stream.DeviceName;
        stream.MediaType = context.Input.String("MediaType") ?? stream.MediaType;
        stream.Version = VersionStamp.Next();
    }

    private static void UpdateDataRetention(OperationContext context)
    {
        var stream = ResolveForUpdate(context);
        var change = context.Input.Int("DataRetentionChangeInHours")!.Value;
        var retention = context.Input.String("Operation") == "INCREASE_DATA_RETENTION"
            ? (long)stream.DataRetentionInHours + change
            : (long)stream.DataRetentionInHours - change;
        if (retention < 0)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"The data retention cannot be decreased by {change} hours below zero; it is {stream.DataRetentionInHours} hours.");
        }

        CheckRetention(retention);
        stream.DataRetentionInHours = (int)retention;
        stream.Version = VersionStamp.Next();
    }

    private static void DeleteStream(OperationContext context)
    {
        var stream = context.State.Streams.FindByArn(context.Input.String("StreamARN")!)
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested stream {context.Input.String("StreamARN")} is not found or not active.");
        CheckVersion(stream.Version, context.Input.String("CurrentVersion"));
        context.State.Streams.Remove(stream);
        stream.Media.MarkDeleted();
    }

    public static StreamRecord Resolve(OperationContext context) =>
        context.State.Streams.Resolve(context.Input.String("StreamName"), context.Input.String("StreamARN"));

    /// <summary>The stream an update names, ACTIVE and at the CurrentVersion the caller last saw.</summary>
    public static StreamRecord ResolveForUpdate(OperationContext context)
    {
        var stream = Resolve(context);
        if (stream.Status(context.Now) != "ACTIVE")
        {
            throw new ServiceErrorException(ErrorCodes.ResourceInUse, $"The stream {stream.Name} is {stream.Status(context.Now)}; it can be updated once it is ACTIVE.");
        }

        CheckVersion(stream.Version, context.Input.String("CurrentVersion"));
        return stream;
    }

    public static void CheckVersion(string version, string? currentVersion)
    {
        if (currentVersion is not null && currentVersion != version)
        {
            throw new ServiceErrorException(ErrorCodes.VersionMismatch, $"The version {currentVersion} is not the latest version of the resource; the latest is {version}.");
        }
    }

    private static void CheckRetention(long hours)
    {
        if (hours > MaxDataRetentionInHours)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"DataRetentionInHours {hours} exceeds the maximum of {MaxDataRetentionInHours} hours.");
        }
    }

    private static void WriteStreamInfo(Utf8JsonWriter output, StreamRecord stream, DateTimeOffset now)
    {
        output.WriteStartObject();
        output.WriteOptional("DeviceName", stream.DeviceName);
        output.WriteString("StreamName", stream.Name);
        output.WriteString("StreamARN", stream.Arn);
        output.WriteOptional("MediaType", stream.MediaType);
        output.WriteString("KmsKeyId", stream.KmsKeyId);
        output.WriteString("Version", stream.Version);
        output.WriteString("Status", stream.Status(now));
        output.WriteEpochSeconds("CreationTime", stream.CreationTime);
        output.WriteNumber("DataRetentionInHours", stream.DataRetentionInHours);
        output.WriteEndObject();
    }
}
