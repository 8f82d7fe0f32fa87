using Amazon.Runtime;
using KinesisVideo.Client.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// One registration of the Kinesis Video Streams clients, returned by <c>AddKinesisVideo</c> and
/// <c>AddKeyedKinesisVideo</c>: override its credentials in code, configure its options further, or
/// add handlers to the HttpClient its clients send through.
/// </summary>
public sealed class KinesisVideoBuilder
{
    private readonly KinesisVideoRegistration _registration;

    internal KinesisVideoBuilder(IServiceCollection services, KinesisVideoRegistration registration, IHttpClientBuilder httpClient)
    {
        Services = services;
        _registration = registration;
        HttpClient = httpClient;
    }

    /// <summary>The service collection the clients are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The key of a keyed registration, or null.</summary>
    public string? ServiceKey => _registration.ServiceKey;

    /// <summary>
    /// The named <c>IHttpClientFactory</c> client every request of this registration goes through
    /// (named <c>KinesisVideo</c>, or <c>KinesisVideo:&lt;key&gt;</c> when keyed): add your own
    /// <c>AddHttpMessageHandler</c>, set <c>SetHandlerLifetime</c>, or replace the primary handler.
    /// Do not add a retry or resilience handler: the clients retry themselves, signing each attempt.
    /// </summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>Signs with <paramref name="credentials"/>, whatever the configuration or the container say.</summary>
    /// <param name="credentials">The credentials; asked for their current value on every attempt.</param>
    public KinesisVideoBuilder WithCredentials(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _registration.Credentials = credentials;
        return this;
    }

    /// <summary>Signs with the credentials of a named profile, instead of the configuration's <c>AWS:Profile</c>.</summary>
    /// <param name="profile">The profile's name.</param>
    /// <param name="profilesLocation">The credentials file, or null for the shared credentials and config files.</param>
    public KinesisVideoBuilder WithProfile(string profile, string? profilesLocation = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        _registration.Profile = profile;
        _registration.ProfilesLocation = profilesLocation;
        return this;
    }

    /// <summary>Changes this registration's options after the configuration has been read.</summary>
    /// <param name="configure">Sets options; runs each time the options are built.</param>
    public KinesisVideoBuilder Configure(Action<KinesisVideoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(_registration.OptionsName, configure);
        return this;
    }
}
