using System.Diagnostics.Metrics;
using System.Net;
using Amazon.Runtime;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Signaling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// Registers the four Kinesis Video Streams clients (<see cref="KinesisVideoClient"/>,
/// <see cref="KinesisVideoArchivedMediaClient"/>, <see cref="KinesisVideoMediaClient"/>,
/// <see cref="KinesisVideoSignalingClient"/>) as singletons, configured from the <c>AWS</c> and
/// <c>KinesisVideo</c> configuration sections and/or code, validated at start-up, sending through a
/// named <c>IHttpClientFactory</c> client, logging through the container's <c>ILoggerFactory</c>,
/// timing with its <c>TimeProvider</c> and metering through its <c>IMeterFactory</c>.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddKinesisVideo(builder.Configuration);               // AWS:Region, KinesisVideo:Retry:MaxRetries, ...
/// builder.Services.AddKeyedKinesisVideo("eu", builder.Configuration.GetSection("Europe"))
///     .WithProfile("eu-account");                                        // Europe:AWS:Region, ...
/// app.MapGet("/streams", (KinesisVideoClient kvs) => ...);
/// app.MapGet("/eu/streams", ([FromKeyedServices("eu")] KinesisVideoClient kvs) => ...);
/// </code>
/// </example>
public static class KinesisVideoServiceCollectionExtensions
{
    /// <summary>
    /// Registers the clients, reading <paramref name="configuration"/>'s <c>AWS</c> section (Region,
    /// Profile, ProfilesLocation, ServiceURL, UseFIPSEndpoint, UseDualstackEndpoint) and its
    /// <c>KinesisVideo</c> section (AttemptTimeout, CallTimeout, EndpointCacheTimeToLive,
    /// DataEndpoint, SignalingEndpoint, Retry).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the two sections (the application's, usually).</param>
    /// <param name="configure">Changes the options after the configuration has been read, or null.</param>
    public static KinesisVideoBuilder AddKinesisVideo(this IServiceCollection services, IConfiguration configuration, Action<KinesisVideoClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, new KinesisVideoRegistration(serviceKey: null, configuration), configure);
    }

    /// <summary>Registers the clients with options set in code only.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (region or endpoint, retries, timeouts...).</param>
    public static KinesisVideoBuilder AddKinesisVideo(this IServiceCollection services, Action<KinesisVideoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, new KinesisVideoRegistration(serviceKey: null, configuration: null), configure);
    }

    /// <summary>
    /// Registers a second (third...) set of clients under <paramref name="serviceKey"/>, for another
    /// account or region side by side with the default one; resolve them with
    /// <c>[FromKeyedServices(key)]</c> or <c>GetRequiredKeyedService</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key of the clients, their options and their HttpClient (<c>KinesisVideo:&lt;key&gt;</c>).</param>
    /// <param name="configuration">The configuration holding this registration's own <c>AWS</c> and <c>KinesisVideo</c> sections.</param>
    /// <param name="configure">Changes the options after the configuration has been read, or null.</param>
    public static KinesisVideoBuilder AddKeyedKinesisVideo(this IServiceCollection services, string serviceKey, IConfiguration configuration, Action<KinesisVideoClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, new KinesisVideoRegistration(serviceKey, configuration), configure);
    }

    /// <summary>Registers keyed clients with options set in code only.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key of the clients, their options and their HttpClient.</param>
    /// <param name="configure">Sets the options.</param>
    public static KinesisVideoBuilder AddKeyedKinesisVideo(this IServiceCollection services, string serviceKey, Action<KinesisVideoClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, new KinesisVideoRegistration(serviceKey, configuration: null), configure);
    }

    private static KinesisVideoBuilder Register(IServiceCollection services, KinesisVideoRegistration registration, Action<KinesisVideoClientOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = registration.OptionsName;
        var options = services.AddOptions<KinesisVideoClientOptions>(name);
        if (registration.Configuration is { } configuration)
        {
            options.Configure(o => KinesisVideoConfiguration.Bind(configuration, o, name));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((o, provider) => FromContainer(o, provider, registration));
        services.AddSingleton<IValidateOptions<KinesisVideoClientOptions>>(new KinesisVideoOptionsValidator(registration));
        options.ValidateOnStart();

        var httpClient = services.AddHttpClient(registration.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // Redirects would be signed for the wrong host; the service does not send them.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                // The factory rotates handlers every two minutes; this bounds a connection's life on
                // top of that, so endpoints whose addresses change are followed either way.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });

        AddClient(services, registration, static o => new KinesisVideoClient(o));
        AddClient(services, registration, static o => new KinesisVideoArchivedMediaClient(o));
        AddClient(services, registration, static o => new KinesisVideoMediaClient(o));
        AddClient(services, registration, static o => new KinesisVideoSignalingClient(o));
        return new KinesisVideoBuilder(services, registration, httpClient);
    }

    private static void AddClient<TClient>(IServiceCollection services, KinesisVideoRegistration registration, Func<KinesisVideoClientOptions, TClient> create)
        where TClient : class
    {
        if (registration.ServiceKey is { } key)
        {
            services.TryAddKeyedSingleton(key, (provider, _) => create(OptionsOf(provider, registration)));
        }
        else
        {
            services.TryAddSingleton(provider => create(OptionsOf(provider, registration)));
        }
    }

    private static KinesisVideoClientOptions OptionsOf(IServiceProvider provider, KinesisVideoRegistration registration) =>
        provider.GetRequiredService<IOptionsMonitor<KinesisVideoClientOptions>>().Get(registration.OptionsName);

    /// <summary>Fills in what the container supplies, without overriding what configuration or code set.</summary>
    private static void FromContainer(KinesisVideoClientOptions options, IServiceProvider provider, KinesisVideoRegistration registration)
    {
        var source = ResolveCredentials(options, provider, registration);

        if (options.TimeProvider == TimeProvider.System && provider.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        options.MeterFactory ??= provider.GetService<IMeterFactory>();
        if (options.HttpClient is null && options.HttpMessageHandler is null)
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            var httpClientName = registration.HttpClientName;
            options.HttpClientSource = () => factory.CreateClient(httpClientName);
        }

        var logger = options.LoggerFactory?.CreateLogger(typeof(KinesisVideoServiceCollectionExtensions).FullName!);
        if (logger is not null && logger.IsEnabled(LogLevel.Debug))
        {
            var which = registration.ServiceKey is null ? "(default)" : "\"" + registration.ServiceKey + "\"";
            var serviceUrl = options.ServiceUrl?.ToString() ?? "(the region's)";
            Log.Configured(logger, which, options.Region ?? "(from AWS_REGION)", serviceUrl, source, registration.HttpClientName);
        }
    }

    /// <summary>
    /// Credentials in this order: given in code (WithCredentials, then options.Credentials), a profile
    /// named in code (WithProfile), the configuration's AWS:Profile, an AWSCredentials registered in
    /// the container (keyed with the registration's key, else unkeyed), else AWSSDK.Core's default
    /// chain, walked lazily on the first call.
    /// </summary>
    private static string ResolveCredentials(KinesisVideoClientOptions options, IServiceProvider provider, KinesisVideoRegistration registration)
    {
        if (registration.Credentials is { } code)
        {
            options.Credentials = code;
            return "code (WithCredentials)";
        }

        if (options.Credentials is not null)
        {
            return "code (options.Credentials)";
        }

        var (profile, location, key) = registration.Profile is { } named
            ? (named, registration.ProfilesLocation, "WithProfile")
            : registration.Configuration is { } configuration && KinesisVideoConfiguration.Profile(configuration) is { } configured
                ? (configured, KinesisVideoConfiguration.ProfilesLocation(configuration), registration.KeyOf("Profile"))
                : (null, null, null);
        if (profile is not null)
        {
            try
            {
                options.Credentials = ProfileCredentials.Find(profile, location, key!);
            }
            catch (InvalidOperationException missing)
            {
                throw new OptionsValidationException(registration.OptionsName, typeof(KinesisVideoClientOptions), [missing.Message]);
            }

            return $"profile \"{profile}\"";
        }

        var registered = (registration.ServiceKey is { } serviceKey ? provider.GetKeyedService<AWSCredentials>(serviceKey) : null)
            ?? provider.GetService<AWSCredentials>();
        if (registered is not null)
        {
            options.Credentials = registered;
            return "the container (AWSCredentials)";
        }

        return "the default credential chain";
    }
}
