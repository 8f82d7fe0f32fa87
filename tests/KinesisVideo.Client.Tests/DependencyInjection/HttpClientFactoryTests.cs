using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace KinesisVideo.Client.Tests.DependencyInjection;

/// <summary>The clients' HTTP goes through named IHttpClientFactory clients, and what users add to them is honoured.</summary>
public class HttpClientFactoryTests : DependencyInjectionTest
{
    [Test]
    public async Task A_handler_added_through_the_builder_or_by_the_client_s_name_sees_every_request()
    {
        var viaBuilder = new RecordingHandler();
        var viaName = new RecordingHandler();
        var services = Services();
        services.AddKinesisVideo(Configuration()).HttpClient.AddHttpMessageHandler(() => viaBuilder);
        services.AddHttpClient("KinesisVideo").AddHttpMessageHandler(() => viaName);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<KinesisVideoClient>();

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "a" });
        await client.ListStreamsAsync(new ListStreamsRequest());

        Assert.Multiple(() =>
        {
            Assert.That(viaBuilder.Paths, Is.EqualTo(new[] { "/describeStream", "/listStreams" }));
            Assert.That(viaName.Paths, Is.EqualTo(new[] { "/describeStream", "/listStreams" }));
            Assert.That(viaBuilder.SawAuthorization, Is.True, "user handlers run inside the signed request, after signing");
        });
    }

    [Test]
    public async Task Every_request_asks_the_factory_so_rotated_handlers_reach_the_singleton_client()
    {
        var services = Services();
        services.AddKinesisVideo(Configuration());
        var counting = new CountingFactory();
        var registered = services.Last(d => d.ServiceType == typeof(IHttpClientFactory));
        services.AddSingleton<IHttpClientFactory>(provider =>
        {
            counting.Inner = (IHttpClientFactory)registered.ImplementationFactory!(provider);
            return counting;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<KinesisVideoClient>();

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "a" });
        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "b" });

        Assert.That(counting.Names, Is.EqualTo(new[] { "KinesisVideo", "KinesisVideo" }), "one HttpClient per request, so the factory's handler lifetime applies");
    }

    [Test]
    public async Task The_handler_lifetime_is_the_user_s_to_set()
    {
        var services = Services();
        services.AddKinesisVideo(Configuration()).HttpClient.SetHandlerLifetime(TimeSpan.FromSeconds(30));
        await using var provider = services.BuildServiceProvider();

        var factoryOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Http.HttpClientFactoryOptions>>().Get("KinesisVideo");
        await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "a" });

        Assert.Multiple(() =>
        {
            Assert.That(factoryOptions.HandlerLifetime, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(Server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task An_HttpClient_set_in_code_replaces_the_factory_s()
    {
        var handler = new RecordingHandler { InnerHandler = new SocketsHttpHandler() };
        using var own = new HttpClient(handler);
        var services = Services();
        services.AddKinesisVideo(Configuration(), options => options.HttpClient = own);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<KinesisVideoClient>().DescribeStreamAsync(new DescribeStreamRequest { StreamName = "a" });

        Assert.That(handler.Paths, Is.EqualTo(new[] { "/describeStream" }));
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<string> Paths { get; } = [];

        public bool SawAuthorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Paths)
            {
                Paths.Add(request.RequestUri!.AbsolutePath);
            }

            SawAuthorization = request.Headers.Contains("Authorization");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CountingFactory : IHttpClientFactory
    {
        public IHttpClientFactory? Inner { get; set; }

        public List<string> Names { get; } = [];

        public HttpClient CreateClient(string name)
        {
            lock (Names)
            {
                Names.Add(name);
            }

            return Inner!.CreateClient(name);
        }
    }
}
