using System.Text.Json.Serialization.Metadata;
using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// What the four Kinesis Video Streams clients share: the runtime built from the options (HTTP,
/// signing, retries, clock, logging) and the unary call path. Clients are thread-safe and meant to
/// be long-lived and shared; their operation methods are virtual so they can be mocked.
/// </summary>
public abstract class KinesisVideoServiceClient : IDisposable
{
    private readonly ClientRuntime? _runtime;
    private readonly UnaryCallInvoker? _invoker;

    private protected KinesisVideoServiceClient(KinesisVideoClientOptions options, string loggerCategory, string service)
    {
        _runtime = new ClientRuntime(options, loggerCategory);
        _invoker = new UnaryCallInvoker(_runtime, service);
    }

    /// <summary>For mocking frameworks only: a client that has no connection to anything.</summary>
    protected KinesisVideoServiceClient()
    {
    }

    private protected ClientRuntime Runtime => _runtime ?? throw NotConnected();

    private protected UnaryCallInvoker Invoker => _invoker ?? throw NotConnected();

    /// <summary>Releases the HTTP connections the client opened (not a supplied HttpClient or handler).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the client's resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _runtime?.Dispose();
        }
    }

    private protected Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        IEndpointSource endpoint,
        CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new() =>
        Invoker.InvokeAsync(operation, path, request, requestType, responseType, endpoint, cancellationToken);

    private protected Task<TResponse> InvokeStreamingAsync<TRequest, TResponse>(
        string operation,
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        IEndpointSource endpoint,
        CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, IStreamingResponse, new() =>
        Invoker.InvokeStreamingAsync(operation, path, request, requestType, responseType, endpoint, cancellationToken);

    private static InvalidOperationException NotConnected() =>
        new("This instance was made for mocking and cannot send requests.");
}
