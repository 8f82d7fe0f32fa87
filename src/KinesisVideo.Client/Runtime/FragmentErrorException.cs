using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// The service sent an error in place of a fragment, after the response had begun (so not as an
/// HTTP error): GetMedia's AWS_KINESISVIDEO_ERROR_ID and ERROR_CODE tags, or
/// GetMediaForFragmentList's EXCEPTION_ERROR_CODE and EXCEPTION_MESSAGE. <see cref="KinesisVideoException.ErrorCode"/>
/// is the error's description as the service wrote it. (Not one of the modeled errors of <c>Runtime.Errors</c>: the
/// service reports it inside a response body, not as an HTTP error.)
/// </summary>
public sealed class FragmentErrorException : KinesisVideoException
{
    /// <summary>GetMedia's id for a fragment that is not (or no longer) stored.</summary>
    public const long FragmentNotFound = 4000;

    /// <summary>Creates the exception for the error the service reported.</summary>
    /// <param name="operation">The operation whose response carried the error.</param>
    /// <param name="errorId">The error's integer id (e.g. 4000), when given.</param>
    /// <param name="errorCode">The error's description, when given.</param>
    /// <param name="fragmentNumber">The fragment the error is about, when given.</param>
    public FragmentErrorException(string operation, long? errorId, string? errorCode, string? fragmentNumber)
        : base(
            $"{operation} reported error {errorId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no id)"} ({errorCode ?? "no description"}) in place of fragment {fragmentNumber ?? "(no number)"}.",
            errorCode,
            statusCode: null,
            requestId: null)
    {
        ErrorId = errorId;
        FragmentNumber = fragmentNumber;
    }

    /// <summary>
    /// The error's integer id, as the API reference lists them for GetMedia: 3002 error writing to
    /// the stream, 4000 fragment not found, 4500–4506 KMS key errors, 5000 internal error.
    /// </summary>
    public long? ErrorId { get; }

    /// <summary>The number of the fragment the error is about, when the service named one.</summary>
    public string? FragmentNumber { get; }

    /// <summary>True for the service's own failures (3002 writing the response, 5000–5999 internal), which a new request may not meet.</summary>
    public override bool IsRetryable => ErrorId is 3002 or (>= 5000 and < 6000);
}
