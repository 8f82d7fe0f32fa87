using System.Diagnostics.Metrics;
using System.Net;
using Amazon.Runtime;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.DependencyInjection;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Signaling;
using KinesisVideo.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KinesisVideo.Client.Tests.DependencyInjection;

/// <summary>services.AddKinesisVideo(...): configuration, singletons, the container's clock, loggers and meters, credentials.</summary>
public class AddKinesisVideoTests : DependencyInjectionTest
{
    [Test]
    public void The_AWS_and_KinesisVideo_sections_set_the_options()
    {
        var services = Services();
        services.AddKinesisVideo(Configuration(
            ("AWS:UseFIPSEndpoint", "true"),
            ("KinesisVideo:AttemptTimeout", "00:00:07"),
            ("KinesisVideo:CallTimeout", "00:01:00"),
            ("KinesisVideo:EndpointCacheTimeToLive", "00:05:00"),
            ("KinesisVideo:DataEndpoint", "http://127.0.0.1:9/data/"),
            ("KinesisVideo:SignalingEndpoint", "http://127.0.0.1:9/signaling/"),
            ("KinesisVideo:Retry:MaxRetries", "5"),
            ("KinesisVideo:Retry:BaseDelay", "00:00:00.050"),
            ("KinesisVideo:Retry:MaxDelay", "00:00:02"),
            ("KinesisVideo:PutMedia:ConnectTimeout", "00:00:03"),
            ("KinesisVideo:GetMedia:IdleTimeout", "00:00:09"),
            ("KinesisVideo:GetMedia:MaxConsecutiveFailures", "4")));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<KinesisVideoClientOptions>>().Get(Options.DefaultName);

        Assert.Multiple(() =>
        {
            Assert.That(options.Region, Is.EqualTo(TestClients.Region));
            Assert.That(options.ServiceUrl, Is.EqualTo(Server.Url));
            Assert.That(options.UseFips, Is.True);
            Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(options.CallTimeout, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(options.EndpointCacheTimeToLive, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.DataEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:9/data/")));
            Assert.That(options.SignalingEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:9/signaling/")));
            Assert.That(options.Retry.MaxRetries, Is.EqualTo(5));
            Assert.That(options.Retry.BaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
            Assert.That(options.Retry.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.PutMedia.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(options.GetMedia.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(9)));
            Assert.That(options.GetMedia.MaxConsecutiveFailures, Is.EqualTo(4));
            Assert.That(options.TimeProvider, Is.SameAs(Time), "the container's TimeProvider");
            Assert.That(options.LoggerFactory, Is.SameAs(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        });
    }

    [Test]
    public void The_four_clients_are_singletons()
    {
        var services = Services();
        services.AddKinesisVideo(Configuration());
        using var provider = services.BuildServiceProvider();

        static void Twice<T>(IServiceProvider provider)
            where T : notnull
        {
            var first = provider.GetRequiredService<T>();
            Assert.That(provider.GetRequiredService<T>(), Is.SameAs(first), typeof(T).Name);
        }

        Assert.Multiple(() =>
        {
            Twice<KinesisVideoClient>(provider);
            Twice<KinesisVideoArchivedMediaClient>(provider);
            Twice<KinesisVideoMediaClient>(provider);
            Twice<KinesisVideoSignalingClient>(provider);
            Assert.That(services.Where(d => d.ServiceType.Namespace?.StartsWith("KinesisVideo.Client.", StringComparison.Ordinal) == true && d.ServiceType.Name.EndsWith("Client", StringComparison.Ordinal)).Select(d => d.Lifetime),
                Is.EqualTo(Enumerable.Repeat(ServiceLifetime.Singleton, 4)));
        });
    }

    [Test]
    public async Task Calls_are_signed_at_the_container_s_clock_and_logged_through_its_logger_factory()
    {
        using var logs = new CapturingLoggerProvider();
        var services = Services(logs);
        services.AddKinesisVideo(Configuration());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<KinesisVideoClient>();

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        var request = Server.Requests.Single();
        var everything = string.Join('\n', logs.Entries);
        Assert.Multiple(() =>
        {
            Assert.That(request.Headers["X-Amz-Date"], Is.EqualTo(Time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(everything, Does.Contain("DescribeStream answered 200"));
            Assert.That(everything, Does.Contain("Debug 300 KinesisVideo.Client.DependencyInjection."), "the registration says how it was configured (event 300)");
            Assert.That(everything, Does.Contain("credentials from profile \"kvs\""));
            Assert.That(everything, Does.Not.Contain("profileSecret"));
        });
    }

    [Test]
    public async Task The_meter_comes_from_the_container_s_meter_factory()
    {
        var services = Services();
        services.AddMetrics();
        services.AddKinesisVideo(Configuration());
        await using var provider = services.BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        var seen = new List<(object? Scope, string Method)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "KinesisVideo.Client" && instrument.Name == "kinesisvideo.client.call.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "rpc.method")
                {
                    lock (seen)
                    {
                        seen.Add((instrument.Meter.Scope, (string)tag.Value!));
                    }
                }
            }
        });
        listener.Start();

        await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        Assert.That(seen, Does.Contain(((object?)meterFactory, "DescribeStream")), "the measurement came from the factory's meter");
    }

    [Test]
    public async Task Credentials_come_from_code_then_a_profile_in_code_then_the_configured_profile_then_the_container()
    {
        async Task<string> SignedWith(Action<ServiceCollection, KinesisVideoBuilder>? arrange)
        {
            var services = Services();
            var builder = services.AddKinesisVideo(Configuration());
            arrange?.Invoke(services, builder);
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });
            return SignedAccessKey(Server.Requests.Last());
        }

        var fromConfiguredProfile = await SignedWith(null);
        var fromCodeProfile = await SignedWith((_, b) => b.WithProfile("other", CredentialsFile));
        var fromCode = await SignedWith((_, b) => b.WithProfile("other", CredentialsFile).WithCredentials(new BasicAWSCredentials("AKIDINCODE", "s")));
        var fromOptions = await SignedWith((_, b) => b.Configure(o => o.Credentials = new BasicAWSCredentials("AKIDINOPTIONS", "s")));
        var fromContainer = await SignedWith((s, _) => s.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDINCONTAINER", "s")));

        Assert.Multiple(() =>
        {
            Assert.That(fromConfiguredProfile, Is.EqualTo(ProfileAccessKey), "AWS:Profile from AWS:ProfilesLocation");
            Assert.That(fromCodeProfile, Is.EqualTo(OtherProfileAccessKey), "WithProfile beats AWS:Profile");
            Assert.That(fromCode, Is.EqualTo("AKIDINCODE"), "WithCredentials beats any profile");
            Assert.That(fromOptions, Is.EqualTo("AKIDINOPTIONS"), "options.Credentials set in code beats any profile");
            Assert.That(fromContainer, Is.EqualTo(ProfileAccessKey), "a configured profile beats a container-wide AWSCredentials");
        });
    }

    [Test]
    public async Task Without_a_profile_an_AWSCredentials_in_the_container_signs()
    {
        var services = Services();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDINCONTAINER", "s"));
        services.AddKinesisVideo(Configuration(("AWS:Profile", null)));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        Assert.That(SignedAccessKey(Server.Requests.Single()), Is.EqualTo("AKIDINCONTAINER"));
    }

    [Test]
    public async Task The_code_only_overload_needs_no_configuration()
    {
        var services = Services();
        services.AddKinesisVideo(options =>
        {
            options.Region = "eu-west-1";
            options.ServiceUrl = Server.Url;
            options.Credentials = new BasicAWSCredentials("AKIDCODEONLY", "s");
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        var request = Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(SignedAccessKey(request), Is.EqualTo("AKIDCODEONLY"));
            Assert.That(SignedRegion(request), Is.EqualTo("eu-west-1"));
        });
    }

    [Test]
    public async Task Retries_sent_through_the_container_s_clock_are_signed_afresh()
    {
        Server.EnqueueError(HttpStatusCode.InternalServerError, "InternalFailure", "try again");
        var services = Services();
        services.AddKinesisVideo(Configuration());
        await using var provider = services.BuildServiceProvider();

        await TestClients.DriveAsync(provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }), Time, extraPerDelay: TimeSpan.FromSeconds(2));

        var dates = Server.Requests.Select(r => r.Headers["X-Amz-Date"]).ToArray();
        Assert.That(dates, Has.Length.EqualTo(2).And.Unique, "the retry waited on the container's fake clock and was signed at its own time");
    }
}
