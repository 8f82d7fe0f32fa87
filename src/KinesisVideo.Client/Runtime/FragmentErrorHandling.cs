namespace KinesisVideo.Client.Runtime;

/// <summary>
/// What a parsed media read does when the service sends an error in place of a fragment
/// (AWS_KINESISVIDEO_ERROR_ID/ERROR_CODE in GetMedia, EXCEPTION_ERROR_CODE/EXCEPTION_MESSAGE in
/// GetMediaForFragmentList). Errors the service reports as its own failure (3002, 5000–5999) are
/// retried either way.
/// </summary>
public enum FragmentErrorHandling
{
    /// <summary>End the read with a <see cref="FragmentErrorException"/> (the default).</summary>
    Throw = 0,

    /// <summary>
    /// Hand the error over as a fragment whose <c>IsError</c> is true (its <c>ErrorId</c>,
    /// <c>ErrorCode</c> and <c>FragmentNumber</c> say what and where), and go on past it.
    /// </summary>
    Yield = 1,
}
