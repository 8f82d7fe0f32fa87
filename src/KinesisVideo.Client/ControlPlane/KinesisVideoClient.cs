using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Serialization;
using KinesisVideo.Client.Runtime.Validation;

namespace KinesisVideo.Client.ControlPlane;

/// <summary>
/// The Kinesis Video Streams control plane: streams, signaling channels and their configurations.
/// Thread-safe and meant to be long-lived and shared. Every method is virtual so it can be mocked.
/// </summary>
public class KinesisVideoClient : IDisposable
{
    private readonly ClientRuntime? _runtime;
    private readonly UnaryCallInvoker? _invoker;

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    /// <param name="options">Region or endpoint, credentials, retries and HTTP settings.</param>
    /// <exception cref="ArgumentException">The options name no usable region or endpoint.</exception>
    public KinesisVideoClient(KinesisVideoClientOptions options)
    {
        _runtime = new ClientRuntime(options, typeof(KinesisVideoClient).FullName!);
        _invoker = new UnaryCallInvoker(_runtime);
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

    /// <summary>Returns the most current information about a stream, named by StreamName or StreamARN.</summary>
    /// <param name="request">The stream to describe.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">Neither StreamName nor StreamARN is given, or one is malformed.</exception>
    /// <exception cref="Runtime.Errors.ResourceNotFoundException">There is no such stream.</exception>
    /// <exception cref="Runtime.Errors.KinesisVideoException">The service answered with another error.</exception>
    public virtual Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default)
    {
        Require.NotNull(request, nameof(request));
        Require.StreamNameOrArn(request.StreamName, request.StreamARN);
        return Invoker.InvokeAsync(
            "DescribeStream",
            "/describeStream",
            request,
            KinesisVideoJsonContext.Default.DescribeStreamRequest,
            KinesisVideoJsonContext.Default.DescribeStreamResponse,
            Runtime.ControlPlane,
            cancellationToken);
    }

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

    private ClientRuntime Runtime => _runtime ?? throw new InvalidOperationException("This instance was made for mocking and cannot send requests.");

    private UnaryCallInvoker Invoker => _invoker ?? throw new InvalidOperationException("This instance was made for mocking and cannot send requests.");
}
