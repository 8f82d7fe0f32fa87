using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.ControlPlane.Model;

/// <summary>The output of DescribeStream.</summary>
public sealed class DescribeStreamResponse : KinesisVideoResponse
{
    /// <summary>The stream's description.</summary>
    public StreamInfo? StreamInfo { get; set; }
}
