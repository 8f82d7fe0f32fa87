namespace KinesisVideo.Client.ControlPlane.Model;

/// <summary>The input of DescribeStream: the stream, by name or by ARN.</summary>
public sealed class DescribeStreamRequest
{
    /// <summary>The name of the stream. Give this or <see cref="StreamARN"/>.</summary>
    public string? StreamName { get; set; }

    /// <summary>The Amazon Resource Name (ARN) of the stream. Give this or <see cref="StreamName"/>.</summary>
    public string? StreamARN { get; set; }
}
