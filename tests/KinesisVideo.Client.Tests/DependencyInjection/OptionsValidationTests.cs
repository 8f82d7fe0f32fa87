using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.DependencyInjection;
using KinesisVideo.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.Tests.DependencyInjection;

/// <summary>Bad options fail the host at start-up (ValidateOnStart), with a message naming the configuration key to fix.</summary>
[NonParallelizable]
public class OptionsValidationTests : DependencyInjectionTest
{
    [TestCase("KinesisVideo:AttemptTimeout", "-00:00:01", "KinesisVideo:AttemptTimeout: AttemptTimeout must be positive")]
    [TestCase("KinesisVideo:CallTimeout", "00:00:00", "KinesisVideo:CallTimeout: CallTimeout must be positive")]
    [TestCase("KinesisVideo:EndpointCacheTimeToLive", "-00:01:00", "KinesisVideo:EndpointCacheTimeToLive:")]
    [TestCase("KinesisVideo:Retry:MaxRetries", "1000", "KinesisVideo:Retry:MaxRetries: Retry.MaxRetries must be between 0 and 100")]
    [TestCase("KinesisVideo:Retry:BaseDelay", "00:10:00", "KinesisVideo:Retry:BaseDelay:")]
    [TestCase("KinesisVideo:GetMedia:MaxConsecutiveFailures", "-1", "KinesisVideo:GetMedia:MaxConsecutiveFailures: GetMedia.MaxConsecutiveFailures must not be negative")]
    [TestCase("KinesisVideo:PutMedia:IdleTimeout", "00:00:00", "KinesisVideo:PutMedia:IdleTimeout: PutMedia.IdleTimeout must be positive")]
    [TestCase("KinesisVideo:DataEndpoint", "ftp://example/", "KinesisVideo:DataEndpoint: DataEndpoint must be an absolute http or https URL")]
    [TestCase("AWS:ServiceURL", "/relative", "AWS:ServiceURL: ServiceUrl must be an absolute http or https URL")]
    [TestCase("AWS:Region", "not a region!", "AWS:Region:")]
    public void An_invalid_value_fails_the_start_naming_its_key(string key, string value, string expected)
    {
        var error = StartFails(Configuration((key, value)));

        Assert.That(error.Message, Does.Contain(expected));
    }

    [TestCase("KinesisVideo:AttemptTimeout", "thirty seconds", "KinesisVideo:AttemptTimeout")]
    [TestCase("KinesisVideo:Retry:MaxRetries", "lots", "KinesisVideo:Retry:MaxRetries")]
    [TestCase("AWS:UseFIPSEndpoint", "perhaps", "AWS:UseFIPSEndpoint")]
    public void A_value_that_does_not_convert_fails_the_start_naming_its_key(string key, string value, string expected)
    {
        var error = StartFails(Configuration((key, value)));

        Assert.That(error.Message, Does.Contain(expected).And.Contain(value));
    }

    [TestCase("KinesisVideo:AttemptTimeot", "KinesisVideo:AttemptTimeot is not a Kinesis Video setting")]
    [TestCase("KinesisVideo:Region", "KinesisVideo:Region is not a Kinesis Video setting")]
    [TestCase("KinesisVideo:Retry:MaxRetrys", "MaxRetrys")]
    [TestCase("KinesisVideo:GetMedia:IdleTimeot", "IdleTimeot")]
    public void A_misspelt_key_fails_the_start_rather_than_being_ignored(string key, string expected)
    {
        var error = StartFails(Configuration((key, "1")));

        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void No_region_anywhere_fails_the_start_naming_AWS_Region()
    {
        using var environment = new EnvironmentScope(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

        var error = StartFails(Configuration(("AWS:Region", null), ("AWS:ServiceURL", null)));

        Assert.That(error.Message, Does.Contain("AWS:Region: No region"));
    }

    [Test]
    public void A_profile_that_is_not_in_the_file_fails_the_start_naming_AWS_Profile()
    {
        var error = StartFails(Configuration(("AWS:Profile", "nobody")));

        Assert.That(error.Message, Does.Contain("AWS:Profile: the profile \"nobody\" is not in " + CredentialsFile));
    }

    [Test]
    public void A_session_role_is_refused_rather_than_silently_ignored()
    {
        var error = StartFails(Configuration(("AWS:SessionRoleArn", "arn:aws:iam::123456789012:role/kvs")));

        Assert.That(error.Message, Does.Contain("AWS:SessionRoleArn is not supported"));
    }

    [Test]
    public void Keys_of_a_keyed_registration_are_named_under_its_own_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Europe:AWS:Region"] = "eu-west-1",
            ["Europe:KinesisVideo:AttemptTimeout"] = "-00:00:05",
        }).Build();

        var error = StartFails(configuration.GetSection("Europe"), "eu");

        Assert.That(error.Message, Does.Contain("Europe:KinesisVideo:AttemptTimeout: AttemptTimeout must be positive"));
    }

    [Test]
    public void Options_set_in_code_are_named_by_their_property()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            var services = Services();
            services.AddKinesisVideo(options => options.AttemptTimeout = TimeSpan.FromSeconds(-1));
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<KinesisVideoClient>();
        });

        Assert.That(error!.Message, Does.Contain("KinesisVideoClientOptions.AttemptTimeout: AttemptTimeout must be positive"));
    }

    [Test]
    public async Task Valid_options_start_the_host()
    {
        using var host = Host(Configuration(), serviceKey: null);

        await host.StartAsync();
        await host.StopAsync();

        Assert.That(host.Services.GetRequiredService<KinesisVideoClient>(), Is.Not.Null);
    }

    private IHost Host(IConfiguration configuration, string? serviceKey)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(Time);
        if (serviceKey is null)
        {
            builder.Services.AddKinesisVideo(configuration);
        }
        else
        {
            builder.Services.AddKeyedKinesisVideo(serviceKey, configuration);
        }

        return builder.Build();
    }

    private OptionsValidationException StartFails(IConfiguration configuration, string? serviceKey = null)
    {
        using var host = Host(configuration, serviceKey);
        // Nothing resolves a client before the start: ValidateOnStart alone finds the error.
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return error!;
    }
}
