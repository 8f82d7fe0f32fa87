using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Operations;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>
/// What an UnknownOperationException adds when the path is one the emulator serves on another of
/// its origins: the most common first mistake is sending GetMedia or PutMedia to the control-plane
/// URL, as the AWS CLI does when it is given one --endpoint-url for everything. The service answers
/// those with a bare UnknownOperationException; the emulator says where the call belongs.
/// </summary>
internal sealed class MisroutedRequestHint(OperationRegistry controlPlane, OperationRegistry dataPlane, OperationRegistry signaling)
{
    // GetDataEndpoint's APIName for each data-plane operation.
    private static readonly Dictionary<string, string> s_apiNames = new(StringComparer.Ordinal)
    {
        ["PutMedia"] = "PUT_MEDIA",
        ["GetMedia"] = "GET_MEDIA",
        ["ListFragments"] = "LIST_FRAGMENTS",
        ["GetMediaForFragmentList"] = "GET_MEDIA_FOR_FRAGMENT_LIST",
        ["GetHLSStreamingSessionURL"] = "GET_HLS_STREAMING_SESSION_URL",
        ["GetDASHStreamingSessionURL"] = "GET_DASH_STREAMING_SESSION_URL",
        ["GetClip"] = "GET_CLIP",
        ["GetImages"] = "GET_IMAGES",
    };

    /// <summary>The hint for <paramref name="path"/> arriving at the control plane; null when no origin serves it.</summary>
    public string? AtControlPlane(string path)
    {
        if (dataPlane.Find(path) is { } operation)
        {
            var apiName = s_apiNames.GetValueOrDefault(operation.Schema.Name, "GET_MEDIA");
            return $" {operation.Schema.Name} is a data-plane operation: call GetDataEndpoint on this endpoint (APIName {apiName}) and send it to the DataEndpoint it returns.";
        }

        if (path.StartsWith(PlaybackSessionUrls.HlsPrefix, StringComparison.Ordinal) || path.StartsWith(PlaybackSessionUrls.DashPrefix, StringComparison.Ordinal))
        {
            return " HLS and DASH session URLs are served by the data endpoint: use the URL GetHLSStreamingSessionURL or GetDASHStreamingSessionURL returned, unchanged.";
        }

        return signaling.Find(path) is { } signalingOperation
            ? $" {signalingOperation.Schema.Name} is a signaling operation: call GetSignalingChannelEndpoint on this endpoint and send it to the HTTPS endpoint it returns."
            : null;
    }

    /// <summary>The hint for <paramref name="path"/> arriving at the data or signaling endpoint; null when no origin serves it.</summary>
    public string? AtMediaOrigin(string path) => controlPlane.Find(path) is { } operation
        ? $" {operation.Schema.Name} is a control-plane operation: send it to the emulator's control-plane URL (the one the AWS SDKs take as their endpoint)."
        : null;
}
