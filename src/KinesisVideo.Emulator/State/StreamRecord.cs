using System.Text.Json;

namespace KinesisVideo.Emulator.State;

/// <summary>
/// One stream and everything configured on it. Mutated only under the emulator's state lock.
/// Configurations the emulator does not act on are kept as the JSON the caller sent, so Describe
/// returns exactly what Update set.
/// </summary>
internal sealed class StreamRecord
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>When the stream leaves CREATING for ACTIVE.</summary>
    public required DateTimeOffset ActiveFrom { get; init; }

    public string? DeviceName { get; set; }

    public string? MediaType { get; set; }

    public required string KmsKeyId { get; init; }

    public int DataRetentionInHours { get; set; }

    public required string Version { get; set; }

    public TagSet Tags { get; } = new();

    public string DefaultStorageTier { get; set; } = "HOT";

    public JsonElement? ImageGenerationConfiguration { get; set; }

    public JsonElement? NotificationConfiguration { get; set; }

    public EdgeConfigurationRecord? EdgeConfiguration { get; set; }

    /// <summary>The stream's fragments and media connections (thread-safe on its own, unlike the rest of the record).</summary>
    public Media.Storage.StreamMedia Media { get; } = new();

    public string Status(DateTimeOffset now) => now >= ActiveFrom ? "ACTIVE" : "CREATING";
}

/// <summary>An edge configuration as StartEdgeConfigurationUpdate set it.</summary>
internal sealed record EdgeConfigurationRecord(JsonElement EdgeConfig, string HubDeviceArn, DateTimeOffset CreationTime, DateTimeOffset LastUpdatedTime);
