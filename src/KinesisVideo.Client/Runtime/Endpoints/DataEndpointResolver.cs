using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Diagnostics;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// Where archived-media and media calls go: the endpoint GetDataEndpoint returns for the stream and
/// the call's APIName, cached per (stream name or ARN, APIName) — or a fixed endpoint when the
/// options name one.
/// </summary>
internal sealed class DataEndpointResolver
{
    private readonly EndpointCache<Key>? _cache;
    private readonly FixedEndpoint? _fixed;

    public DataEndpointResolver(ClientRuntime runtime, UnaryCallInvoker invoker, Uri? fixedEndpoint)
    {
        if (fixedEndpoint is not null)
        {
            _fixed = new FixedEndpoint(fixedEndpoint);
            return;
        }

        // The lookup is a control-plane call, recorded as such whichever client makes it.
        var controlPlane = invoker.ForService(KinesisVideoTelemetry.ControlPlaneService);
        _cache = new EndpointCache<Key>(
            async (key, cancellationToken) =>
            {
                var response = await controlPlane.InvokeAsync(
                    "GetDataEndpoint",
                    "/getDataEndpoint",
                    new GetDataEndpointRequest { StreamName = key.StreamName, StreamARN = key.StreamARN, APIName = key.ApiName },
                    ControlPlaneJsonContext.Default.GetDataEndpointRequest,
                    ControlPlaneJsonContext.Default.GetDataEndpointResponse,
                    runtime.ControlPlane,
                    cancellationToken).ConfigureAwait(false);
                return EndpointUri.Parse(response.DataEndpoint, "GetDataEndpoint", "DataEndpoint");
            },
            runtime.TimeProvider,
            runtime.DataEndpointTimeToLive);
    }

    /// <summary>The endpoint source of one call on <paramref name="streamName"/> or <paramref name="streamArn"/>.</summary>
    public IEndpointSource For(string? streamName, string? streamArn, APIName apiName) =>
        _fixed ?? (IEndpointSource)new CachedEndpoint<Key>(
            _cache!,
            // The ARN names the stream exactly; the name is used only when no ARN is given.
            streamArn is not null ? new Key(null, streamArn, apiName) : new Key(streamName, null, apiName));

    private readonly record struct Key(string? StreamName, string? StreamARN, APIName ApiName);
}
