namespace KinesisVideo.Client.Runtime;

/// <summary>
/// A response whose body is media the caller reads as a stream (GetMedia, GetClip,
/// GetMediaForFragmentList). The stream is handed over unbuffered; disposing the response closes it
/// and the connection under it.
/// </summary>
public interface IStreamingResponse : IDisposable, IAsyncDisposable
{
    /// <summary>The body, read as it arrives.</summary>
    Stream Payload { get; set; }

    /// <summary>The body's <c>Content-Type</c>.</summary>
    string? ContentType { get; set; }
}
