using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KinesisVideo.Client.Tests.DependencyInjection;

/// <summary>Two accounts or regions side by side: keyed registrations with their own options, credentials and HttpClient.</summary>
public class KeyedRegistrationTests : DependencyInjectionTest
{
    [Test]
    public async Task A_keyed_registration_has_its_own_region_credentials_and_HttpClient_beside_the_default_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Region"] = "us-west-2",
            ["AWS:ServiceURL"] = Server.Url.ToString(),
            ["Europe:AWS:Region"] = "eu-central-1",
            ["Europe:AWS:ServiceURL"] = Server.Url.ToString(),
            ["Europe:AWS:Profile"] = "other",
            ["Europe:AWS:ProfilesLocation"] = CredentialsFile,
        }).Build();
        var europeanRequests = 0;
        var services = Services();
        services.AddKinesisVideo(configuration).WithCredentials(new BasicAWSCredentials("AKIDDEFAULT", "s"));
        services.AddKeyedKinesisVideo("eu", configuration.GetSection("Europe"))
            .HttpClient.AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref europeanRequests)));
        await using var provider = services.BuildServiceProvider();

        var american = provider.GetRequiredService<KinesisVideoClient>();
        var european = provider.GetRequiredKeyedService<KinesisVideoClient>("eu");
        await american.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "us-cam" });
        await european.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "eu-cam" });

        var requests = Server.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(european, Is.Not.SameAs(american));
            Assert.That(provider.GetRequiredKeyedService<KinesisVideoClient>("eu"), Is.SameAs(european), "keyed singletons");
            Assert.That((SignedRegion(requests[0]), SignedAccessKey(requests[0])), Is.EqualTo(("us-west-2", "AKIDDEFAULT")));
            Assert.That((SignedRegion(requests[1]), SignedAccessKey(requests[1])), Is.EqualTo(("eu-central-1", OtherProfileAccessKey)));
            Assert.That(europeanRequests, Is.EqualTo(1), "only the keyed registration's requests went through its HttpClient (KinesisVideo:eu)");
        });
    }

    [Test]
    public async Task A_keyed_AWSCredentials_in_the_container_serves_the_registration_of_the_same_key()
    {
        var services = Services();
        services.AddKeyedSingleton<AWSCredentials>("eu", new BasicAWSCredentials("AKIDKEYED", "s"));
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDUNKEYED", "s"));
        services.AddKeyedKinesisVideo("eu", options =>
        {
            options.Region = "eu-west-1";
            options.ServiceUrl = Server.Url;
        });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<KinesisVideoClient>("eu").DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        Assert.That(SignedAccessKey(Server.Requests.Single()), Is.EqualTo("AKIDKEYED"));
    }

    private sealed class CountingHandler(Action onRequest) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
