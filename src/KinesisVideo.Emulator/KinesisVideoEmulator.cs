using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Faults;
using KinesisVideo.Emulator.Hosting;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Signaling;

namespace KinesisVideo.Emulator;

/// <summary>
/// A local Kinesis Video Streams: the control plane's 32 operations, the data plane's media
/// operations (PutMedia with live acknowledgements, GetMedia, the archived media API), and the
/// signaling endpoint's HTTPS operations, each on its own port on 127.0.0.1, with SigV4 verified on
/// every request and state (fragments included) kept in memory.
/// <code>
/// await using var emulator = await KinesisVideoEmulator.StartAsync(new KinesisVideoEmulatorOptions());
/// // point a client at emulator.ServiceUrl, region emulator.Region, credentials emulator.Credentials[0]
/// </code>
/// </summary>
public sealed class KinesisVideoEmulator : IAsyncDisposable
{
    /// <summary>The signing name of every Kinesis Video Streams API.</summary>
    public const string SigningName = "kinesisvideo";

    private readonly EmulatorState _state;
    private readonly SigV4Verifier _verifier;
    private readonly SemaphoreSlim _dataPlaneGate = new(1, 1);
    private readonly OperationRegistry _controlPlaneOperations = OperationRegistry.ControlPlane();
    private readonly OperationRegistry _dataPlaneOperations = OperationRegistry.DataPlane();
    private readonly OperationRegistry _signalingOperations = OperationRegistry.Signaling();
    private readonly MisroutedRequestHint _hint;
    private PlaneHost? _controlPlane;
    private PlaneHost? _dataPlane;
    private PlaneHost? _signaling;

    private KinesisVideoEmulator(KinesisVideoEmulatorOptions options)
    {
        _state = new EmulatorState(options);
        _verifier = new SigV4Verifier(_state.Credentials, _state.Region, SigningName, _state.Time);
        Faults = new EmulatorFaults(_state, ChangeDataEndpointAsync);
        Signaling = new EmulatorSignaling(_state);
        _hint = new MisroutedRequestHint(_controlPlaneOperations, _dataPlaneOperations, _signalingOperations);
    }

    /// <summary>The control plane's URL (<c>http://127.0.0.1:&lt;port&gt;/</c>): the AWS SDKs' endpoint URL / ServiceURL.</summary>
    public Uri ServiceUrl => _controlPlane!.Url;

    /// <summary>The data-plane origin GetDataEndpoint currently returns.</summary>
    public Uri DataEndpoint => _state.DataEndpoint;

    /// <summary>The signaling origin GetSignalingChannelEndpoint returns (plain http; WSS as ws).</summary>
    public Uri SignalingEndpoint => _state.SignalingEndpoint;

    /// <summary>The region requests must be signed for.</summary>
    public string Region => _state.Region;

    /// <summary>The account id in ARNs.</summary>
    public string AccountId => _state.AccountId;

    /// <summary>The key pairs the emulator accepts; the first is the one to use when any will do.</summary>
    public IReadOnlyList<EmulatorCredentials> Credentials => [.. _state.Credentials.All];

    /// <summary>Fault injection: throttling, server errors, latency, a moved data endpoint, expired credentials.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>The state behind the operations, for tests that seed or inspect it directly.</summary>
    internal EmulatorState State => _state;

    /// <summary>Signaling test controls: stand-in master peers.</summary>
    public EmulatorSignaling Signaling { get; }

    /// <summary>Starts the emulator's origins and returns once they accept connections.</summary>
    /// <param name="options">Port, region, account, credentials, clock and limits; defaults when null.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    public static async Task<KinesisVideoEmulator> StartAsync(KinesisVideoEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new KinesisVideoEmulator(options ?? new KinesisVideoEmulatorOptions());
        try
        {
            await emulator.StartOriginsAsync(options?.Port ?? 0, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every origin.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _controlPlane, _dataPlane, _signaling })
        {
            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }

        _dataPlaneGate.Dispose();
    }

    private async Task StartOriginsAsync(int port, CancellationToken cancellationToken)
    {
        var admin = new AdminEndpoint(this);
        var controlPlane = new RequestPipeline(_controlPlaneOperations, _verifier, _state, Faults, admin.TryHandleAsync, _hint.AtControlPlane);
        var signaling = new RequestPipeline(_signalingOperations, _verifier, _state, Faults, misrouted: _hint.AtMediaOrigin);
        _signaling = await PlaneHost.StartAsync(0, signaling.HandleAsync, cancellationToken).ConfigureAwait(false);
        _state.SignalingEndpoint = _signaling.Url;
        _dataPlane = await StartDataPlaneAsync(cancellationToken).ConfigureAwait(false);
        _state.DataEndpoint = _dataPlane.Url;
        _controlPlane = await PlaneHost.StartAsync(port, controlPlane.HandleAsync, cancellationToken).ConfigureAwait(false);
    }

    private Task<PlaneHost> StartDataPlaneAsync(CancellationToken cancellationToken)
    {
        // Session URLs (HLS, DASH) are unsigned GETs that the pipeline hands over before operation lookup.
        var sessions = new PlaybackSessionEndpoint(_state);
        var dataPlane = new RequestPipeline(_dataPlaneOperations, _verifier, _state, Faults, sessions.TryHandleAsync, _hint.AtMediaOrigin);
        return PlaneHost.StartAsync(0, dataPlane.HandleAsync, cancellationToken);
    }

    private async Task<Uri> ChangeDataEndpointAsync(CancellationToken cancellationToken)
    {
        await _dataPlaneGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var old = _dataPlane;
            _dataPlane = await StartDataPlaneAsync(cancellationToken).ConfigureAwait(false);
            _state.DataEndpoint = _dataPlane.Url;
            if (old is not null)
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }

            return _dataPlane.Url;
        }
        finally
        {
            _dataPlaneGate.Release();
        }
    }
}
