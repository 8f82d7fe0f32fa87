using System.Net;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;
using KinesisVideo.Client.Runtime.Resilience;
using KinesisVideo.Client.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// What every client of one options object shares: the HTTP client, the signer, the retry
/// pipeline, the clock and the logger. Built once from <see cref="KinesisVideoClientOptions"/>;
/// later changes to the options do not reach it.
/// </summary>
internal sealed class ClientRuntime : IDisposable
{
    private readonly bool _ownsHttpClient;
    private readonly HttpClient? _httpClient;
    private readonly Func<HttpClient>? _httpClientSource;

    public ClientRuntime(KinesisVideoClientOptions options, string loggerCategory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoint = options.ResolveEndpoint();

        TimeProvider = options.TimeProvider;
        Logger = options.LoggerFactory?.CreateLogger(loggerCategory) ?? NullLogger.Instance;
        Region = endpoint.Region;
        ControlPlane = new FixedEndpoint(endpoint.ControlPlaneUrl);
        ControlPlaneUrl = endpoint.ControlPlaneUrl;
        Signer = new RequestSigner(options.Credentials ?? new DefaultChainCredentials(), endpoint.Region, options.TimeProvider);
        Pipeline = UnaryResiliencePipeline.Create(options, Logger);
        CallTimeout = options.CallTimeout is { } callTimeout && callTimeout != Timeout.InfiniteTimeSpan ? callTimeout : null;
        DataEndpointTimeToLive = options.EndpointCacheTimeToLive;
        DataEndpoint = options.DataEndpoint;
        GetMedia = options.GetMedia.Clone();
        SignalingEndpoint = options.SignalingEndpoint;
        PutMedia = options.PutMedia.Clone();
        Telemetry = KinesisVideoTelemetry.For(options.MeterFactory);
        if (options.HttpClient is null && options.HttpMessageHandler is null && options.HttpClientSource is { } source)
        {
            _httpClientSource = source;
        }
        else
        {
            (_httpClient, _ownsHttpClient) = CreateHttpClient(options);
        }
    }

    public string Region { get; }

    public Uri ControlPlaneUrl { get; }

    public IEndpointSource ControlPlane { get; }

    public RequestSigner Signer { get; }

    public TimeSpan DataEndpointTimeToLive { get; }

    public Uri? DataEndpoint { get; }

    public Uri? SignalingEndpoint { get; }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>A copy of the PutMedia connection settings, taken when the client was created.</summary>
    public KinesisVideoPutMediaOptions PutMedia { get; }

    /// <summary>The defaults of parsed media reads, as they were when the client was created.</summary>
    public KinesisVideoGetMediaOptions GetMedia { get; }

    /// <summary>The whole call's time budget, attempts and retry delays together; null when unbounded.</summary>
    public TimeSpan? CallTimeout { get; }

    /// <summary>
    /// The HttpClient for the next request: the one the options gave or the runtime made, or a fresh
    /// one from IHttpClientFactory per request (cheap: the factory pools and rotates the handlers).
    /// Take it per request rather than keeping it.
    /// </summary>
    public HttpClient HttpClient => _httpClientSource?.Invoke() ?? _httpClient!;

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>The instruments calls record into (the options' meter factory's, or the shared ones).</summary>
    public KinesisVideoTelemetry Telemetry { get; }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient!.Dispose();
        }
    }

    private static (HttpClient Client, bool Owned) CreateHttpClient(KinesisVideoClientOptions options)
    {
        if (options.HttpClient is { } supplied)
        {
            return (supplied, false);
        }

        if (options.HttpMessageHandler is { } handler)
        {
            return (new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, true);
        }

        var transport = new SocketsHttpHandler
        {
            // Redirects would be signed for the wrong host; the service does not send them.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Endpoints are DNS names whose addresses change; pooled connections are renewed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        return (new HttpClient(transport, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }, true);
    }
}
