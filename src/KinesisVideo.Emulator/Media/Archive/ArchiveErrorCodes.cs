namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// Error codes only the archived media API answers with. The models give each HTTP 400, which is
/// what <see cref="Protocol.ErrorCodes.StatusOf"/> answers for a code it does not list.
/// </summary>
internal static class ArchiveErrorCodes
{
    public const string UnsupportedStreamMediaType = "UnsupportedStreamMediaTypeException";
    public const string MissingCodecPrivateData = "MissingCodecPrivateDataException";
    public const string InvalidCodecPrivateData = "InvalidCodecPrivateDataException";
}
