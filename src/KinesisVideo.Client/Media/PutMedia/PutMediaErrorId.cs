namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// The ErrorId of a PutMedia ERROR acknowledgement, with its documented name and what a producer
/// does about it: a retriable error sends the fragment again on a new connection; a terminal one
/// means sending it again cannot succeed, so the fragment is dropped. Ids the service adds later
/// are kept as they are and treated as retriable, as the AWS producer libraries do.
/// </summary>
public readonly record struct PutMediaErrorId(int Value)
{
    /// <summary>4000: error reading the data stream (retriable).</summary>
    public static PutMediaErrorId StreamReadError => new(4000);

    /// <summary>4001: the fragment is larger than the 50 MB limit (terminal).</summary>
    public static PutMediaErrorId MaxFragmentSizeReached => new(4001);

    /// <summary>4002: the fragment is longer than the duration limit (terminal).</summary>
    public static PutMediaErrorId MaxFragmentDurationReached => new(4002);

    /// <summary>4003: the connection has been open longer than the service allows (retriable: a new connection).</summary>
    public static PutMediaErrorId MaxConnectionDurationReached => new(4003);

    /// <summary>4004: the fragment's timecode is lower than the previous one's (terminal).</summary>
    public static PutMediaErrorId FragmentTimecodeLesserThanPrevious => new(4004);

    /// <summary>4005: more tracks than allowed (deprecated; terminal).</summary>
    public static PutMediaErrorId MoreThanAllowedTracksFound => new(4005);

    /// <summary>4006: the data is not valid MKV (terminal).</summary>
    public static PutMediaErrorId InvalidMkvData => new(4006);

    /// <summary>4007: the producer timestamp is invalid (terminal).</summary>
    public static PutMediaErrorId InvalidProducerTimestamp => new(4007);

    /// <summary>4008: the stream no longer exists (terminal).</summary>
    public static PutMediaErrorId StreamNotActive => new(4008);

    /// <summary>4009: the fragment carries more metadata than allowed (terminal).</summary>
    public static PutMediaErrorId FragmentMetadataLimitReached => new(4009);

    /// <summary>4010: a frame names a track the header does not declare (terminal).</summary>
    public static PutMediaErrorId TrackNumberMismatch => new(4010);

    /// <summary>4011: the fragment has no frame for one of the declared tracks (terminal).</summary>
    public static PutMediaErrorId FramesMissingForTrack => new(4011);

    /// <summary>4012: a metadata name is reserved (begins with AWS_) (terminal).</summary>
    public static PutMediaErrorId InvalidFragmentMetadata => new(4012);

    /// <summary>5000: an internal service error (retriable).</summary>
    public static PutMediaErrorId InternalError => new(5000);

    /// <summary>5001: the service failed to persist the fragment (retriable).</summary>
    public static PutMediaErrorId ArchivalError => new(5001);

    /// <summary>The documented name of the error (for example <c>MAX_FRAGMENT_SIZE_REACHED</c>), or null for an id not documented.</summary>
    public string? Name => Value switch
    {
        4000 => "STREAM_READ_ERROR",
        4001 => "MAX_FRAGMENT_SIZE_REACHED",
        4002 => "MAX_FRAGMENT_DURATION_REACHED",
        4003 => "MAX_CONNECTION_DURATION_REACHED",
        4004 => "FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS",
        4005 => "MORE_THAN_ALLOWED_TRACKS_FOUND",
        4006 => "INVALID_MKV_DATA",
        4007 => "INVALID_PRODUCER_TIMESTAMP",
        4008 => "STREAM_NOT_ACTIVE",
        4009 => "FRAGMENT_METADATA_LIMIT_REACHED",
        4010 => "TRACK_NUMBER_MISMATCH",
        4011 => "FRAMES_MISSING_FOR_TRACK",
        4012 => "INVALID_FRAGMENT_METADATA",
        4500 => "KMS_KEY_ACCESS_DENIED",
        4501 => "KMS_KEY_DISABLED",
        4502 => "KMS_KEY_VALIDATION_ERROR",
        4503 => "KMS_KEY_UNAVAILABLE",
        4504 => "KMS_KEY_INVALID_USAGE",
        4505 => "KMS_KEY_INVALID_STATE",
        4506 => "KMS_KEY_NOT_FOUND",
        5000 => "INTERNAL_ERROR",
        5001 => "ARCHIVAL_ERROR",
        _ => null,
    };

    /// <summary>
    /// Whether sending the fragment again may succeed: 4000, 4003, 5000, 5001 and ids not
    /// documented are retriable; 4001, 4002 and 4004–4012 (the fragment itself is at fault) and the
    /// 45xx KMS errors are terminal.
    /// </summary>
    public bool IsRetriable => Value switch
    {
        4001 or 4002 or (>= 4004 and <= 4012) or (>= 4500 and <= 4599) => false,
        _ => true,
    };

    /// <inheritdoc />
    public override string ToString() => Name is { } name ? $"{Value} {name}" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
