namespace KinesisVideo.Client.ControlPlane.Model;

/// <summary>A Kinesis video stream as the service describes it.</summary>
public sealed class StreamInfo
{
    /// <summary>The name of the device that is associated with the stream.</summary>
    public string? DeviceName { get; set; }

    /// <summary>The name of the stream.</summary>
    public string? StreamName { get; set; }

    /// <summary>The Amazon Resource Name (ARN) of the stream.</summary>
    public string? StreamARN { get; set; }

    /// <summary>The media type of the stream (a MIME type such as <c>video/h264</c>).</summary>
    public string? MediaType { get; set; }

    /// <summary>The ID of the KMS key that encrypts the stream's data.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>The version of the stream; updates must name the current one.</summary>
    public string? Version { get; set; }

    /// <summary>The status of the stream.</summary>
    public Status? Status { get; set; }

    /// <summary>When the stream was created.</summary>
    public DateTimeOffset? CreationTime { get; set; }

    /// <summary>How long the stream retains data, in hours (0: no retention).</summary>
    public int? DataRetentionInHours { get; set; }
}
