using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.Media;

/// <summary>
/// Kinesis Video Streams media: GetMedia, as a raw MKV stream the caller reads. Each call goes to the
/// data endpoint GetDataEndpoint returns for its stream, looked up once and cached.
/// Thread-safe and meant to be long-lived and shared. Every method is virtual so it can be mocked.
/// </summary>
public partial class KinesisVideoMediaClient : KinesisVideoServiceClient
{
    private readonly DataEndpointResolver? _dataEndpoints;

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    /// <param name="options">Region or endpoint, credentials, retries and HTTP settings.</param>
    /// <exception cref="ArgumentException">The options name no usable region or endpoint.</exception>
    public KinesisVideoMediaClient(KinesisVideoClientOptions options)
        : base(options, typeof(KinesisVideoMediaClient).FullName!, KinesisVideoTelemetry.MediaService)
    {
        _dataEndpoints = new DataEndpointResolver(Runtime, Invoker, Runtime.DataEndpoint);
    }

    /// <summary>For mocking frameworks only: a client that has no connection to anything.</summary>
    protected KinesisVideoMediaClient()
    {
    }

    private IEndpointSource DataEndpointFor(string? streamName, string? streamArn, APIName apiName) =>
        (_dataEndpoints ?? throw new InvalidOperationException("This instance was made for mocking and cannot send requests.")).For(streamName, streamArn, apiName);
}
