using KinesisVideo.Client.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// Reads <see cref="KinesisVideoClientOptions"/> from configuration: the conventional <c>AWS</c>
/// section as AWSSDK.Extensions.NETCore.Setup reads it (Region, Profile, ProfilesLocation,
/// ServiceURL, UseFIPSEndpoint, UseDualstackEndpoint) and the <c>KinesisVideo</c> section for this
/// package's own settings. Values are converted by the configuration-binding source generator, so
/// nothing here needs reflection. A value that does not convert, or a key of the <c>KinesisVideo</c>
/// section that names no setting (a typo), fails with the key's full path.
/// </summary>
/// <remarks>
/// A nested settings object (Retry, PutMedia, GetMedia) is bound with one line in
/// <see cref="BindKinesisVideoSection"/>: <c>case "PUTMEDIA": child.Bind(options.PutMedia, s_strict); break;</c>.
/// </remarks>
internal static class KinesisVideoConfiguration
{
    /// <summary>The conventional section of AWS settings (AWSSDK.Extensions.NETCore.Setup's default).</summary>
    public const string AwsSectionName = "AWS";

    /// <summary>This package's section.</summary>
    public const string SectionName = "KinesisVideo";

    // Other AWS SDK clients share the AWS section, so its other keys are theirs, not typos; only
    // this one would silently change who the calls run as, so it is refused rather than ignored.
    private const string SessionRoleArn = "SessionRoleArn";

    private static readonly Action<BinderOptions> s_strict = binder => binder.ErrorOnUnknownConfiguration = true;

    /// <summary>The profile the AWS section names (Profile, or the legacy AWSProfileName), or null.</summary>
    public static string? Profile(IConfiguration configuration)
    {
        var aws = configuration.GetSection(AwsSectionName);
        return NullIfEmpty(aws["Profile"]) ?? NullIfEmpty(aws["AWSProfileName"]);
    }

    /// <summary>Where the AWS section says the credentials file is (ProfilesLocation), or null for the default.</summary>
    public static string? ProfilesLocation(IConfiguration configuration) =>
        NullIfEmpty(configuration.GetSection(AwsSectionName)["ProfilesLocation"]);

    /// <summary>Copies the settings of both sections under <paramref name="configuration"/> onto <paramref name="options"/>.</summary>
    /// <exception cref="OptionsValidationException">A value does not convert, or a key names no setting; the message names the key.</exception>
    public static void Bind(IConfiguration configuration, KinesisVideoClientOptions options, string optionsName)
    {
        try
        {
            BindAwsSection(configuration.GetSection(AwsSectionName), options);
            BindKinesisVideoSection(configuration.GetSection(SectionName), options);
        }
        catch (InvalidOperationException bad)
        {
            // The binder's own messages name the path ("Failed to convert configuration value at 'KinesisVideo:Retry:MaxRetries'...").
            throw new OptionsValidationException(optionsName, typeof(KinesisVideoClientOptions), [bad.Message]);
        }
    }

    private static void BindAwsSection(IConfigurationSection aws, KinesisVideoClientOptions options)
    {
        foreach (var child in aws.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "REGION":
                case "AWSREGION":
                    options.Region = NullIfEmpty(child.Value) ?? options.Region;
                    break;
                case "SERVICEURL":
                    options.ServiceUrl = child.Get<Uri>();
                    break;
                case "USEFIPSENDPOINT":
                    options.UseFips = child.Get<bool>();
                    break;
                case "USEDUALSTACKENDPOINT":
                    options.UseDualStack = child.Get<bool>();
                    break;
                case "SESSIONROLEARN":
                    throw new InvalidOperationException(
                        $"{child.Path} is not supported by KinesisVideo.Client: assume the role in a profile (role_arn) or pass the credentials in code (WithCredentials).");
            }
        }
    }

    private static void BindKinesisVideoSection(IConfigurationSection section, KinesisVideoClientOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "ATTEMPTTIMEOUT":
                    options.AttemptTimeout = child.Get<TimeSpan>();
                    break;
                case "CALLTIMEOUT":
                    options.CallTimeout = child.Get<TimeSpan?>();
                    break;
                case "ENDPOINTCACHETIMETOLIVE":
                    options.EndpointCacheTimeToLive = child.Get<TimeSpan>();
                    break;
                case "DATAENDPOINT":
                    options.DataEndpoint = child.Get<Uri>();
                    break;
                case "SIGNALINGENDPOINT":
                    options.SignalingEndpoint = child.Get<Uri>();
                    break;
                case "RETRY":
                    child.Bind(options.Retry, s_strict);
                    break;
                case "PUTMEDIA":
                    child.Bind(options.PutMedia, s_strict);
                    break;
                case "GETMEDIA":
                    child.Bind(options.GetMedia, s_strict);
                    break;

                // Nested settings objects: one line each, bound by the source generator.
                default:
                    throw new InvalidOperationException(
                        $"{child.Path} is not a Kinesis Video setting. {section.Path} takes AttemptTimeout, CallTimeout, EndpointCacheTimeToLive, DataEndpoint, SignalingEndpoint, Retry (MaxRetries, BaseDelay, MaxDelay) and PutMedia (ConnectTimeout, ResponseTimeout, IdleTimeout, StalenessTimeout, ConnectionRotationInterval, ReconnectBaseDelay, ReconnectMaxDelay, MaxConsecutiveConnectFailures) and GetMedia (IdleTimeout, MaxFragmentSize, ResumeBaseDelay, ResumeMaxDelay, MaxConsecutiveFailures); the region, profile and endpoint URL go in the {AwsSectionName} section.");
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
