namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// An ERROR acknowledgement's id and code, as the API reference lists them (PutMedia, "ErrorId and
/// ErrorCode"). Every one of them ends the PutMedia connection.
/// </summary>
internal sealed record IngestError(int Id, string Code)
{
    public static readonly IngestError StreamReadError = new(4000, "STREAM_READ_ERROR");
    public static readonly IngestError MaxFragmentSizeReached = new(4001, "MAX_FRAGMENT_SIZE_REACHED");
    public static readonly IngestError MaxFragmentDurationReached = new(4002, "MAX_FRAGMENT_DURATION_REACHED");
    public static readonly IngestError MaxConnectionDurationReached = new(4003, "MAX_CONNECTION_DURATION_REACHED");
    public static readonly IngestError FragmentTimecodeLesserThanPrevious = new(4004, "FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS");

    // The API reference names 4005 for the track count and 4012 for bad metadata names; the C
    // producer library's SERVICE_CALL_RESULT enum has 4012 for "more than the allowed tracks". The
    // emulator follows the API reference, which is what the service documents it sends.
    public static readonly IngestError MoreThanAllowedTracksFound = new(4005, "MORE_THAN_ALLOWED_TRACKS_FOUND");
    public static readonly IngestError InvalidMkvData = new(4006, "INVALID_MKV_DATA");
    public static readonly IngestError InvalidProducerTimestamp = new(4007, "INVALID_PRODUCER_TIMESTAMP");
    public static readonly IngestError StreamNotActive = new(4008, "STREAM_NOT_ACTIVE");
    public static readonly IngestError FragmentMetadataLimitReached = new(4009, "FRAGMENT_METADATA_LIMIT_REACHED");
    public static readonly IngestError TrackNumberMismatch = new(4010, "TRACK_NUMBER_MISMATCH");
    public static readonly IngestError FramesMissingForTrack = new(4011, "FRAMES_MISSING_FOR_TRACK");
    public static readonly IngestError InvalidFragmentMetadata = new(4012, "INVALID_FRAGMENT_METADATA");
    public static readonly IngestError KmsKeyAccessDenied = new(4500, "KMS_KEY_ACCESS_DENIED");
    public static readonly IngestError KmsKeyDisabled = new(4501, "KMS_KEY_DISABLED");
    public static readonly IngestError KmsKeyValidationError = new(4502, "KMS_KEY_VALIDATION_ERROR");
    public static readonly IngestError KmsKeyUnavailable = new(4503, "KMS_KEY_UNAVAILABLE");
    public static readonly IngestError KmsKeyInvalidUsage = new(4504, "KMS_KEY_INVALID_USAGE");
    public static readonly IngestError KmsKeyInvalidState = new(4505, "KMS_KEY_INVALID_STATE");
    public static readonly IngestError KmsKeyNotFound = new(4506, "KMS_KEY_NOT_FOUND");
    public static readonly IngestError InternalError = new(5000, "INTERNAL_ERROR");
    public static readonly IngestError ArchivalError = new(5001, "ARCHIVAL_ERROR");

    private static readonly IngestError[] s_all =
    [
        StreamReadError, MaxFragmentSizeReached, MaxFragmentDurationReached, MaxConnectionDurationReached,
        FragmentTimecodeLesserThanPrevious, MoreThanAllowedTracksFound, InvalidMkvData, InvalidProducerTimestamp,
        StreamNotActive, FragmentMetadataLimitReached, TrackNumberMismatch, FramesMissingForTrack,
        InvalidFragmentMetadata, KmsKeyAccessDenied, KmsKeyDisabled, KmsKeyValidationError, KmsKeyUnavailable,
        KmsKeyInvalidUsage, KmsKeyInvalidState, KmsKeyNotFound, InternalError, ArchivalError,
    ];

    /// <summary>
    /// Whether a producer sends the fragment again after this error (4000, 4003, 5000, 5001): the AWS
    /// producers' split. The others are the fragment's own fault, and refuse it every time.
    /// </summary>
    public bool IsRetriable => Id is 4000 or 4003 or 5000 or 5001;

    /// <summary>The documented error with id <paramref name="id"/>, or null.</summary>
    public static IngestError? FromId(int id) => Array.Find(s_all, e => e.Id == id);
}

/// <summary>Ends an ingest with an ERROR acknowledgement: thrown by the parts of a PutMedia connection that find a problem.</summary>
internal sealed class IngestException : Exception
{
    public IngestException(IngestError error, string message)
        : base(message) => Error = error;

    public IngestException(IngestError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public IngestException()
        : this(IngestError.InternalError, "Internal error.")
    {
    }

    public IngestException(string message)
        : this(IngestError.InternalError, message)
    {
    }

    public IngestException(string message, Exception innerException)
        : this(IngestError.InternalError, message, innerException)
    {
    }

    public IngestError Error { get; }
}
