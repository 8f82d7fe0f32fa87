using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.ControlPlane;

/// <summary>
/// The Kinesis Video Streams control plane (32 operations): streams, signaling channels, tags, and
/// the image-generation, notification, storage, edge and mapped-resource configurations.
/// Thread-safe and meant to be long-lived and shared. Every method is virtual so it can be mocked.
/// </summary>
public partial class KinesisVideoClient : KinesisVideoServiceClient
{
    private readonly KinesisVideoClientPaginators? _paginators;

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    /// <param name="options">Region or endpoint, credentials, retries and HTTP settings.</param>
    /// <exception cref="ArgumentException">The options name no usable region or endpoint.</exception>
    public KinesisVideoClient(KinesisVideoClientOptions options)
        : base(options, typeof(KinesisVideoClient).FullName!, KinesisVideoTelemetry.ControlPlaneService)
    {
        _paginators = new KinesisVideoClientPaginators(this);
    }

    /// <summary>Creates a client for <paramref name="region"/> with the default credential chain.</summary>
    /// <param name="region">The AWS region, for example <c>us-west-2</c>.</param>
    public KinesisVideoClient(string region)
        : this(new KinesisVideoClientOptions { Region = region })
    {
    }

    /// <summary>For mocking frameworks only: a client that has no connection to anything.</summary>
    protected KinesisVideoClient()
    {
    }

    /// <summary>The paginated operations: ListStreams, ListSignalingChannels, and the other listings.</summary>
    public virtual KinesisVideoClientPaginators Paginators => _paginators ?? new KinesisVideoClientPaginators(this);

    private IEndpointSource ControlPlane => Runtime.ControlPlane;
}
