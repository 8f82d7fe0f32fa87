using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.ArchivedMedia;

/// <summary>
/// Kinesis Video Streams archived media: fragments, clips, images and HLS/DASH session URLs. Each
/// call goes to the data endpoint GetDataEndpoint returns for its stream and APIName, looked up
/// once and cached (see <see cref="KinesisVideoClientOptions.EndpointCacheTimeToLive"/>).
/// Thread-safe and meant to be long-lived and shared. Every method is virtual so it can be mocked.
/// </summary>
public partial class KinesisVideoArchivedMediaClient : KinesisVideoServiceClient
{
    private readonly DataEndpointResolver? _dataEndpoints;
    private readonly KinesisVideoArchivedMediaClientPaginators? _paginators;

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    /// <param name="options">Region or endpoint, credentials, retries and HTTP settings.</param>
    /// <exception cref="ArgumentException">The options name no usable region or endpoint.</exception>
    public KinesisVideoArchivedMediaClient(KinesisVideoClientOptions options)
        : base(options, typeof(KinesisVideoArchivedMediaClient).FullName!, KinesisVideoTelemetry.ArchivedMediaService)
    {
        _dataEndpoints = new DataEndpointResolver(Runtime, Invoker, Runtime.DataEndpoint);
        _paginators = new KinesisVideoArchivedMediaClientPaginators(this);
    }

    /// <summary>For mocking frameworks only: a client that has no connection to anything.</summary>
    protected KinesisVideoArchivedMediaClient()
    {
    }

    /// <summary>The paginated operations: ListFragments and GetImages.</summary>
    public virtual KinesisVideoArchivedMediaClientPaginators Paginators => _paginators ?? new KinesisVideoArchivedMediaClientPaginators(this);

    private IEndpointSource DataEndpointFor(string? streamName, string? streamArn, APIName apiName) =>
        (_dataEndpoints ?? throw new InvalidOperationException("This instance was made for mocking and cannot send requests.")).For(streamName, streamArn, apiName);
}
