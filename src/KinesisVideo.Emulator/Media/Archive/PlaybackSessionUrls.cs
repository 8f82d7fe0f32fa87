namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// The session URLs' resources on the data endpoint, named and laid out as AWS serves them: the
/// session URL is the HLS master playlist or the DASH manifest, and the token travels in the query.
/// </summary>
internal static class PlaybackSessionUrls
{
    public const string HlsPrefix = "/hls/v1/";
    public const string DashPrefix = "/dash/v1/";

    /// <summary>Every GET resource of a session, by path: its protocol and the action it stands for.</summary>
    public static IReadOnlyDictionary<string, (PlaybackProtocol Protocol, string Action)> Resources { get; } =
        new Dictionary<string, (PlaybackProtocol, string)>(StringComparer.Ordinal)
        {
            [HlsPrefix + "getHLSMasterPlaylist.m3u8"] = (PlaybackProtocol.Hls, "GetHLSMasterPlaylist"),
            [HlsPrefix + "getHLSMediaPlaylist.m3u8"] = (PlaybackProtocol.Hls, "GetHLSMediaPlaylist"),
            [HlsPrefix + "getMP4InitFragment.mp4"] = (PlaybackProtocol.Hls, "GetMP4InitFragment"),
            [HlsPrefix + "getMP4MediaFragment.mp4"] = (PlaybackProtocol.Hls, "GetMP4MediaFragment"),
            [HlsPrefix + "getTSFragment.ts"] = (PlaybackProtocol.Hls, "GetTSFragment"),
            [DashPrefix + "getDASHManifest.mpd"] = (PlaybackProtocol.Dash, "GetDASHManifest"),
            [DashPrefix + "getMP4InitFragment.mp4"] = (PlaybackProtocol.Dash, "GetMP4InitFragment"),
            [DashPrefix + "getMP4MediaFragment.mp4"] = (PlaybackProtocol.Dash, "GetMP4MediaFragment"),
        };

    /// <summary>The session URL: the master playlist (HLS) or the manifest (DASH) on <paramref name="dataEndpoint"/>.</summary>
    public static Uri For(Uri dataEndpoint, PlaybackSession session)
    {
        var root = session.Protocol == PlaybackProtocol.Hls ? HlsPrefix + "getHLSMasterPlaylist.m3u8" : DashPrefix + "getDASHManifest.mpd";
        return new Uri(dataEndpoint, root + "?SessionToken=" + session.Token);
    }
}
