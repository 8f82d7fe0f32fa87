namespace KinesisVideo.Client.Mkv;

/// <summary>The tag names Kinesis Video Streams adds to GetMedia output, and the producer's end-of-fragment marker.</summary>
public static class KvsFragmentTagNames
{
    /// <summary>The prefix of every service tag.</summary>
    public const string Prefix = "AWS_KINESISVIDEO_";

    /// <summary>The fragment number (~47-digit decimal string).</summary>
    public const string FragmentNumber = "AWS_KINESISVIDEO_FRAGMENT_NUMBER";

    /// <summary>The server timestamp (epoch seconds with 3 decimals).</summary>
    public const string ServerTimestamp = "AWS_KINESISVIDEO_SERVER_TIMESTAMP";

    /// <summary>The producer timestamp (epoch seconds with 3 decimals).</summary>
    public const string ProducerTimestamp = "AWS_KINESISVIDEO_PRODUCER_TIMESTAMP";

    /// <summary>How far behind the newest fragment this one is, in milliseconds.</summary>
    public const string MillisBehindNow = "AWS_KINESISVIDEO_MILLIS_BEHIND_NOW";

    /// <summary>The token to resume GetMedia after this fragment.</summary>
    public const string ContinuationToken = "AWS_KINESISVIDEO_CONTINUATION_TOKEN";

    /// <summary>The error's integer id.</summary>
    public const string ErrorId = "AWS_KINESISVIDEO_ERROR_ID";

    /// <summary>The error's description.</summary>
    public const string ErrorCode = "AWS_KINESISVIDEO_ERROR_CODE";

    /// <summary>GetMediaForFragmentList's form of <see cref="ErrorId"/>: the error's integer code.</summary>
    public const string ExceptionErrorCode = "AWS_KINESISVIDEO_EXCEPTION_ERROR_CODE";

    /// <summary>GetMediaForFragmentList's form of <see cref="ErrorCode"/>: a description of the error.</summary>
    public const string ExceptionMessage = "AWS_KINESISVIDEO_EXCEPTION_MESSAGE";

    /// <summary>The producer's end-of-fragment marker.</summary>
    public const string EndOfFragment = KvsMkvWriter.EndOfFragmentTagName;
}
