namespace KinesisVideo.Emulator.State;

/// <summary>
/// Version strings of streams and channels. The service returns an opaque alphanumeric string that
/// changes on every update and must be echoed in CurrentVersion; a random one per change keeps
/// clients from guessing or computing it.
/// </summary>
internal static class VersionStamp
{
    public static string Next() => Guid.NewGuid().ToString("N")[..20];
}
