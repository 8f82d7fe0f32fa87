namespace KinesisVideo.Emulator.State;

/// <summary>One signaling channel and its configurations. Mutated only under the emulator's state lock.</summary>
internal sealed class ChannelRecord
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required string ChannelType { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public int MessageTtlSeconds { get; set; }

    public required string Version { get; set; }

    public TagSet Tags { get; } = new();

    /// <summary>The stream media from WebRTC ingestion is stored in (UpdateMediaStorageConfiguration), if any.</summary>
    public string? MediaStorageStreamArn { get; set; }

    public string MediaStorageStatus { get; set; } = "DISABLED";
}
