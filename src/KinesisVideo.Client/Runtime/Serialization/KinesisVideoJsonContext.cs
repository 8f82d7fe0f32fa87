using System.Text.Json.Serialization;
using KinesisVideo.Client.ControlPlane.Model;

namespace KinesisVideo.Client.Runtime.Serialization;

/// <summary>
/// The source-generated JSON metadata of every request and response: no reflection, so the
/// library trims and compiles ahead of time. Member names are the wire names; unknown members are
/// skipped; nulls are read as absent and never written.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResponse))]
internal sealed partial class KinesisVideoJsonContext : JsonSerializerContext;
