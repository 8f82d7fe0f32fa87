using KinesisVideo.Emulator.Operations;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// The archived media API's unary operations. GetMediaForFragmentList (served with GetMedia, Media/Playback),
/// GetClip and GetImages stream their answers; the session URLs' GETs by <see cref="PlaybackSessionEndpoint"/>.
/// </summary>
internal static class ArchivedMediaOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["ListFragments"] = ListFragmentsOperation.Handle,
        ["GetHLSStreamingSessionURL"] = PlaybackSessionOperations.GetHlsStreamingSessionUrl,
        ["GetDASHStreamingSessionURL"] = PlaybackSessionOperations.GetDashStreamingSessionUrl,
    };
}
