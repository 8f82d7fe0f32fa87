using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// What one <c>AddKinesisVideo</c> call registered: the options name, the service key, the named
/// HttpClient, the configuration it reads and the credentials given in code.
/// </summary>
internal sealed class KinesisVideoRegistration
{
    /// <summary>The name of the unkeyed registration's HttpClient; keyed ones append <c>:&lt;key&gt;</c>.</summary>
    public const string HttpClientNamePrefix = "KinesisVideo";

    public KinesisVideoRegistration(string? serviceKey, IConfiguration? configuration)
    {
        ServiceKey = serviceKey;
        OptionsName = serviceKey ?? Options.DefaultName;
        HttpClientName = serviceKey is null ? HttpClientNamePrefix : HttpClientNamePrefix + ":" + serviceKey;
        Configuration = configuration;
    }

    /// <summary>The key of keyed registrations, or null for the default one.</summary>
    public string? ServiceKey { get; }

    /// <summary>The name of the <c>KinesisVideoClientOptions</c> this registration configures.</summary>
    public string OptionsName { get; }

    /// <summary>The IHttpClientFactory client the registration's clients send through.</summary>
    public string HttpClientName { get; }

    /// <summary>The configuration whose <c>AWS</c> and <c>KinesisVideo</c> sections are read, or null.</summary>
    public IConfiguration? Configuration { get; }

    /// <summary>Credentials given in code; they win over every other source.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>A profile named in code; it wins over the configuration's.</summary>
    public string? Profile { get; set; }

    /// <summary>The credentials file of <see cref="Profile"/>, or null for the default locations.</summary>
    public string? ProfilesLocation { get; set; }

    /// <summary>The configuration key (or, without configuration, the options property) an option's ParamName stands for.</summary>
    public string KeyOf(string? paramName)
    {
        if (Configuration is null)
        {
            return paramName is null ? "KinesisVideoClientOptions" : "KinesisVideoClientOptions." + paramName;
        }

        var aws = Prefix(KinesisVideoConfiguration.AwsSectionName);
        return paramName switch
        {
            null => Prefix(KinesisVideoConfiguration.SectionName),
            "Region" => ConfigurationPath.Combine(aws, "Region"),
            "ServiceUrl" => ConfigurationPath.Combine(aws, "ServiceURL"),
            "UseFips" => ConfigurationPath.Combine(aws, "UseFIPSEndpoint"),
            "UseDualStack" => ConfigurationPath.Combine(aws, "UseDualstackEndpoint"),
            "Profile" => ConfigurationPath.Combine(aws, "Profile"),
            _ => ConfigurationPath.Combine(Prefix(KinesisVideoConfiguration.SectionName), paramName.Replace('.', ':')),
        };
    }

    private string Prefix(string section) =>
        Configuration is IConfigurationSection { Path.Length: > 0 } parent ? ConfigurationPath.Combine(parent.Path, section) : section;
}
