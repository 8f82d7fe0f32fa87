using System.Diagnostics.Metrics;
using Amazon.Runtime;
using KinesisVideo.Client.Runtime.Endpoints;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// How a Kinesis Video Streams client reaches the service: region or endpoint, credentials,
/// clock, retries, timeouts and the HTTP stack. One options object may serve many clients;
/// a client reads it once, when it is created.
/// </summary>
public sealed class KinesisVideoClientOptions
{
    /// <summary>
    /// The AWS region, for example <c>us-west-2</c>. When null, the <c>AWS_REGION</c> and then
    /// <c>AWS_DEFAULT_REGION</c> environment variables are read; a client without any region fails
    /// when it is created, unless <see cref="ServiceUrl"/> is set (it then signs for <c>us-east-1</c>).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// A control-plane URL to use instead of the region's (the local emulator, a VPC endpoint, a
    /// proxy). <c>http</c> is allowed for local endpoints. Requests are still signed for <see cref="Region"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Use the FIPS endpoints of the region (ignored when <see cref="ServiceUrl"/> is set).</summary>
    public bool UseFips { get; set; }

    /// <summary>Use the dual-stack (IPv4 and IPv6) endpoints of the region (ignored when <see cref="ServiceUrl"/> is set).</summary>
    public bool UseDualStack { get; set; }

    /// <summary>
    /// The credentials to sign with. When null, AWSSDK.Core's default credential chain is used
    /// (environment, profile, web identity, container, instance metadata). Credentials are asked
    /// for their current value on every attempt, so refreshing and rotating credentials work.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>The clock used for signing, retry delays and timeouts; tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How failed unary calls are retried.</summary>
    public KinesisVideoRetryOptions Retry { get; } = new();

    /// <summary>How PutMedia sessions connect, detect dead connections, rotate and reconnect.</summary>
    public KinesisVideoPutMediaOptions PutMedia { get; } = new();

    /// <summary>How parsed media reads (GetMedia, GetMediaForFragmentList, downloads) wait, hold fragments and resume.</summary>
    public KinesisVideoGetMediaOptions GetMedia { get; } = new();

    /// <summary>
    /// The longest one attempt of a unary call may take, from sending the request to reading the
    /// whole response. An attempt that takes longer is abandoned and retried. Default 30 seconds.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a unary call may take over all its attempts and the delays between them.
    /// Default: no limit beyond what <see cref="Retry"/> and <see cref="AttemptTimeout"/> imply.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>
    /// The handler that carries requests (a test server's handler, a proxy-configured handler).
    /// The client does not dispose it. Ignored when <see cref="HttpClient"/> is set.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> that carries requests, for example one from
    /// <c>IHttpClientFactory</c>. The client does not dispose it. Its <c>Timeout</c> should be
    /// infinite: the client enforces its own timeouts.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>
    /// Where each request's <see cref="System.Net.Http.HttpClient"/> comes from when neither
    /// <see cref="HttpClient"/> nor <see cref="HttpMessageHandler"/> is set: the DI registration's
    /// named <c>IHttpClientFactory</c> client, asked once per attempt so that the factory's handler
    /// rotation (and with it DNS refresh) reaches long-lived singleton clients.
    /// </summary>
    internal Func<HttpClient>? HttpClientSource { get; set; }

    /// <summary>
    /// How long an endpoint from GetDataEndpoint or GetSignalingChannelEndpoint is reused. Default
    /// 40 minutes (the AWS producer libraries' figure; the service's tokens last about 45). An entry is
    /// dropped earlier when a call to it fails in a way that says the endpoint is wrong.
    /// </summary>
    public TimeSpan EndpointCacheTimeToLive { get; set; } = TimeSpan.FromMinutes(40);

    /// <summary>
    /// Sends archived-media and media calls here instead of asking GetDataEndpoint (a local
    /// emulator's data port, a proxy). Null (the default) asks the service.
    /// </summary>
    public Uri? DataEndpoint { get; set; }

    /// <summary>
    /// Sends signaling calls here instead of asking GetSignalingChannelEndpoint. Null (the default)
    /// asks the service.
    /// </summary>
    public Uri? SignalingEndpoint { get; set; }

    /// <summary>Where the client logs attempts, retries and failures. Nothing secret is ever logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Where the client's meter (<c>KinesisVideo.Client</c>) comes from; the DI registration sets the
    /// container's. When null, all clients share one meter. Traces need no setting: the
    /// <c>KinesisVideo.Client</c> ActivitySource is heard by any listener that asks for it.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Checks the options and fills in the defaults from the environment.</summary>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    internal ResolvedEndpoint ResolveEndpoint()
    {
        var region = Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (ServiceUrl is not null)
        {
            if (!ServiceUrl.IsAbsoluteUri || (ServiceUrl.Scheme != Uri.UriSchemeHttps && ServiceUrl.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"ServiceUrl must be an absolute http or https URL; got \"{ServiceUrl}\".", nameof(ServiceUrl));
            }

            region = string.IsNullOrEmpty(region) ? DefaultSigningRegion : region;
            RegionName.Validate(region, nameof(Region));
            return new ResolvedEndpoint(region, ServiceUrl);
        }

        if (string.IsNullOrEmpty(region))
        {
            throw new ArgumentException("No region: set KinesisVideoClientOptions.Region (or the AWS_REGION environment variable), or ServiceUrl.", nameof(Region));
        }

        return new ResolvedEndpoint(region, ControlPlaneEndpoint.Resolve(region, UseFips, UseDualStack));
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("AttemptTimeout must be positive or Timeout.InfiniteTimeSpan.", nameof(AttemptTimeout));
        }

        if (CallTimeout is { } call && call <= TimeSpan.Zero && call != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("CallTimeout must be positive, Timeout.InfiniteTimeSpan or null.", nameof(CallTimeout));
        }

        if (EndpointCacheTimeToLive < TimeSpan.Zero)
        {
            throw new ArgumentException("EndpointCacheTimeToLive must not be negative.", nameof(EndpointCacheTimeToLive));
        }

        foreach (var (url, name) in new[] { (DataEndpoint, nameof(DataEndpoint)), (SignalingEndpoint, nameof(SignalingEndpoint)) })
        {
            if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                throw new ArgumentException($"{name} must be an absolute http or https URL; got \"{url}\".", name);
            }
        }

        Retry.Validate();
        PutMedia.Validate();
        GetMedia.Validate();
    }

    /// <summary>The region requests to a custom <see cref="ServiceUrl"/> are signed for when none is given.</summary>
    internal const string DefaultSigningRegion = "us-east-1";
}

/// <summary>The region requests are signed for and the control-plane URL they go to.</summary>
internal sealed record ResolvedEndpoint(string Region, Uri ControlPlaneUrl);
