using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.Signaling;

/// <summary>
/// Kinesis Video Streams WebRTC signaling over HTTPS: ICE server configuration and Alexa offers.
/// Each call goes to the HTTPS endpoint GetSignalingChannelEndpoint returns for its channel and the
/// role the call is made in (chosen per call, so one client serves a process that is master on one
/// channel and viewer on another), looked up once and cached.
/// Thread-safe and meant to be long-lived and shared. Every method is virtual so it can be mocked.
/// </summary>
public partial class KinesisVideoSignalingClient : KinesisVideoServiceClient
{
    private readonly SignalingEndpointResolver? _endpoints;

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    /// <param name="options">Region or endpoint, credentials, retries and HTTP settings.</param>
    /// <exception cref="ArgumentException">The options name no usable region or endpoint.</exception>
    public KinesisVideoSignalingClient(KinesisVideoClientOptions options)
        : base(options, typeof(KinesisVideoSignalingClient).FullName!, KinesisVideoTelemetry.SignalingService)
    {
        _endpoints = new SignalingEndpointResolver(Runtime, Invoker, Runtime.SignalingEndpoint);
    }

    /// <summary>For mocking frameworks only: a client that has no connection to anything.</summary>
    protected KinesisVideoSignalingClient()
    {
    }

    private IEndpointSource SignalingEndpointFor(string channelArn, ChannelRole role) =>
        (_endpoints ?? throw new InvalidOperationException("This instance was made for mocking and cannot send requests.")).For(channelArn, role);
}
