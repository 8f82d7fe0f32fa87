using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Diagnostics;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// Where signaling calls go: the HTTPS endpoint GetSignalingChannelEndpoint returns for the channel,
/// cached per (channel ARN, role, protocol) — or a fixed endpoint when the options name one.
/// </summary>
internal sealed class SignalingEndpointResolver
{
    private readonly EndpointCache<Key>? _cache;
    private readonly FixedEndpoint? _fixed;

    public SignalingEndpointResolver(ClientRuntime runtime, UnaryCallInvoker invoker, Uri? fixedEndpoint)
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
                    "GetSignalingChannelEndpoint",
                    "/getSignalingChannelEndpoint",
                    new GetSignalingChannelEndpointRequest
                    {
                        ChannelARN = key.ChannelArn,
                        SingleMasterChannelEndpointConfiguration = new() { Protocols = [key.Protocol], Role = key.Role },
                    },
                    ControlPlaneJsonContext.Default.GetSignalingChannelEndpointRequest,
                    ControlPlaneJsonContext.Default.GetSignalingChannelEndpointResponse,
                    runtime.ControlPlane,
                    cancellationToken).ConfigureAwait(false);
                var endpoint = response.ResourceEndpointList?.FirstOrDefault(e => e.Protocol == key.Protocol)?.ResourceEndpoint;
                return EndpointUri.Parse(endpoint, "GetSignalingChannelEndpoint", $"ResourceEndpointList[Protocol={key.Protocol}]");
            },
            runtime.TimeProvider,
            runtime.DataEndpointTimeToLive);
    }

    /// <summary>The endpoint source of one call on <paramref name="channelArn"/> made in <paramref name="role"/>.</summary>
    public IEndpointSource For(string channelArn, ChannelRole role) =>
        _fixed ?? (IEndpointSource)new CachedEndpoint<Key>(_cache!, new Key(channelArn, role, ChannelProtocol.HTTPS));

    private readonly record struct Key(string ChannelArn, ChannelRole Role, ChannelProtocol Protocol);
}
