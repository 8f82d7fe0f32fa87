namespace KinesisVideo.Emulator.Protocol;

/// <summary>
/// The error codes the emulator answers with and their HTTP status. Modeled errors take the status
/// of their shape in the API models (most 400, not-found 404, not-authorized 401); authentication
/// failures are refused with 403 as AWS's front end refuses them.
/// </summary>
internal static class ErrorCodes
{
    public const string AccessDenied = "AccessDeniedException";
    public const string AccountChannelLimitExceeded = "AccountChannelLimitExceededException";
    public const string AccountStreamLimitExceeded = "AccountStreamLimitExceededException";
    public const string ClientLimitExceeded = "ClientLimitExceededException";
    public const string ConnectionLimitExceeded = "ConnectionLimitExceededException";
    public const string DeviceStreamLimitExceeded = "DeviceStreamLimitExceededException";
    public const string InvalidArgument = "InvalidArgumentException";
    public const string InvalidDevice = "InvalidDeviceException";
    public const string InvalidResourceFormat = "InvalidResourceFormatException";
    public const string NoDataRetention = "NoDataRetentionException";
    public const string NotAuthorized = "NotAuthorizedException";
    public const string ResourceInUse = "ResourceInUseException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string StreamEdgeConfigurationNotFound = "StreamEdgeConfigurationNotFoundException";
    public const string TagsPerResourceExceededLimit = "TagsPerResourceExceededLimitException";
    public const string VersionMismatch = "VersionMismatchException";
    public const string InvalidClient = "InvalidClientException";
    public const string UnsupportedStreamMediaType = "UnsupportedStreamMediaTypeException";
    public const string MissingCodecPrivateData = "MissingCodecPrivateDataException";
    public const string InvalidCodecPrivateData = "InvalidCodecPrivateDataException";
    public const string SessionExpired = "SessionExpiredException";
    public const string InvalidMediaFrame = "InvalidMediaFrameException";

    // Errors of AWS's front end, common to every JSON service.
    public const string UnknownOperation = "UnknownOperationException";
    public const string Serialization = "SerializationException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string ExpiredToken = "ExpiredTokenException";
    public const string InternalFailure = "InternalFailure";
    public const string ServiceUnavailable = "ServiceUnavailableException";

    /// <summary>The namespace AWS's front end appends to the code in <c>x-amzn-ErrorType</c>.</summary>
    public const string ErrorTypeSuffix = ":http://internal.amazon.com/coral/com.amazonaws.kinesisvideo/";

    public static int StatusOf(string code) => code switch
    {
        ResourceNotFound or StreamEdgeConfigurationNotFound or UnknownOperation => 404,
        AccessDenied or NotAuthorized => 401,
        InvalidSignature or IncompleteSignature or UnrecognizedClient or MissingAuthenticationToken or ExpiredToken => 403,
        InternalFailure => 500,
        ServiceUnavailable => 503,
        _ => 400,
    };
}
