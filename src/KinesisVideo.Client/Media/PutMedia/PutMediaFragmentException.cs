using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// An ERROR acknowledgement of PutMedia: the service could not take a fragment.
/// <see cref="PutMediaErrorId.IsRetriable"/> errors are sent again on a new connection; terminal
/// ones drop the fragment (the session goes on with the next one unless asked to stop).
/// </summary>
public sealed class PutMediaFragmentException : KinesisVideoException
{
    /// <summary>Creates the exception for an ERROR acknowledgement.</summary>
    /// <param name="errorId">The acknowledgement's ErrorId.</param>
    /// <param name="serviceErrorCode">Its ErrorCode as sent, if any.</param>
    /// <param name="fragmentTimecode">The fragment's timecode, if the acknowledgement named it.</param>
    /// <param name="fragmentNumber">The fragment's number, if the acknowledgement named it.</param>
    public PutMediaFragmentException(PutMediaErrorId errorId, string? serviceErrorCode, long? fragmentTimecode, string? fragmentNumber)
        : base(Describe(errorId, serviceErrorCode, fragmentTimecode), serviceErrorCode ?? errorId.Name, statusCode: null, requestId: null)
    {
        ErrorId = errorId;
        FragmentTimecode = fragmentTimecode;
        FragmentNumber = fragmentNumber;
    }

    /// <summary>The acknowledgement's ErrorId.</summary>
    public PutMediaErrorId ErrorId { get; }

    /// <summary>The fragment's timecode, if the acknowledgement named it.</summary>
    public long? FragmentTimecode { get; }

    /// <summary>The fragment's number, if the acknowledgement named it.</summary>
    public string? FragmentNumber { get; }

    /// <summary>Whether the fragment is sent again (true) or dropped (false).</summary>
    public override bool IsRetryable => ErrorId.IsRetriable;

    private static string Describe(PutMediaErrorId errorId, string? code, long? timecode)
    {
        var what = timecode is { } t ? $"the fragment at timecode {t}" : "the stream";
        var name = errorId.Name ?? code ?? "an undocumented error";
        var action = errorId.IsRetriable ? "it is sent again on a new connection" : "it cannot succeed if sent again and is dropped";
        return $"PutMedia refused {what}: {errorId.Value} {name}; {action}.";
    }
}
