namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// A frame did not fit a PutMedia session's buffer and the buffer's policy is
/// <see cref="PutMediaBufferFullPolicy.Fail"/>, or a single fragment outgrew the buffer. The frame was
/// not taken; nothing taken before it is lost.
/// </summary>
public sealed class PutMediaBufferFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was full.</param>
    public PutMediaBufferFullException(string message)
        : base(message)
    {
    }
}
