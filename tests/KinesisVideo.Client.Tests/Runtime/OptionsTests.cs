using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime;

[NonParallelizable]
public class OptionsTests
{
    private static readonly BasicAWSCredentials s_credentials = new("AKID", "SECRET");

    [Test]
    public void A_client_without_any_region_is_refused_when_created()
    {
        using var environment = new EnvironmentScope(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

        var error = Assert.Throws<ArgumentException>(() => new KinesisVideoClient(new KinesisVideoClientOptions { Credentials = s_credentials }));
        Assert.That(error!.ParamName, Is.EqualTo("Region"));
    }

    [Test]
    public void The_region_falls_back_to_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        using (new EnvironmentScope(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "ap-south-1")))
        {
            Assert.That(new KinesisVideoClientOptions().ResolveEndpoint().ControlPlaneUrl, Is.EqualTo(new Uri("https://kinesisvideo.eu-west-1.amazonaws.com/")));
        }

        using (new EnvironmentScope(("AWS_REGION", null), ("AWS_DEFAULT_REGION", "ap-south-1")))
        {
            Assert.That(new KinesisVideoClientOptions().ResolveEndpoint().Region, Is.EqualTo("ap-south-1"));
        }
    }

    [Test]
    public void A_service_url_without_a_region_signs_for_us_east_1()
    {
        using var environment = new EnvironmentScope(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

        var endpoint = new KinesisVideoClientOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/") }.ResolveEndpoint();

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Region, Is.EqualTo("us-east-1"));
            Assert.That(endpoint.ControlPlaneUrl, Is.EqualTo(new Uri("http://127.0.0.1:4567/")));
        });
    }

    [TestCase("ftp://example.com/")]
    [TestCase("/relative/path")]
    public void A_service_url_must_be_absolute_http_or_https(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new KinesisVideoClientOptions { Region = "us-west-2", ServiceUrl = new Uri(url, UriKind.RelativeOrAbsolute) }.ResolveEndpoint());
        Assert.That(error!.ParamName, Is.EqualTo("ServiceUrl"));
    }

    [Test]
    public void Unusable_retry_and_timeout_settings_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => new KinesisVideoClient(new KinesisVideoClientOptions { Region = "us-west-2", Credentials = s_credentials, AttemptTimeout = TimeSpan.Zero }));
            Assert.Throws<ArgumentException>(() => new KinesisVideoClient(new KinesisVideoClientOptions { Region = "us-west-2", Credentials = s_credentials, CallTimeout = TimeSpan.FromSeconds(-1) }));
            var options = new KinesisVideoClientOptions { Region = "us-west-2", Credentials = s_credentials };
            options.Retry.MaxRetries = -1;
            Assert.Throws<ArgumentException>(() => new KinesisVideoClient(options));
            options.Retry.MaxRetries = 3;
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(1);
            Assert.Throws<ArgumentException>(() => new KinesisVideoClient(options));
        });
    }

    [Test]
    public void Creating_a_client_touches_neither_the_network_nor_the_credential_chain()
    {
        using var environment = new EnvironmentScope(("AWS_ACCESS_KEY_ID", null), ("AWS_SECRET_ACCESS_KEY", null));

        Assert.DoesNotThrow(() => new KinesisVideoClient(new KinesisVideoClientOptions { Region = "us-west-2" }).Dispose());
    }

    [Test]
    public async Task A_supplied_HttpClient_carries_the_requests_and_is_not_disposed_with_the_client()
    {
        await using var server = await FakeKinesisVideoServer.StartAsync();
        using var http = new HttpClient();
        var options = TestClients.Options(server, new FakeTimeProvider());
        options.HttpClient = http;

        using (var client = new KinesisVideoClient(options))
        {
            await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        }

        Assert.That(async () => await http.GetAsync(server.Url), Throws.Nothing, "the caller's HttpClient still works after the client is disposed");
    }

    [Test]
    public async Task A_supplied_handler_carries_the_requests()
    {
        await using var server = await FakeKinesisVideoServer.StartAsync();
        using var handler = new CountingHandler();
        var options = TestClients.Options(server, new FakeTimeProvider());
        options.HttpMessageHandler = handler;

        using (var client = new KinesisVideoClient(options))
        {
            await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });
        }

        Assert.That(handler.Sent, Is.EqualTo(1));
    }

    [Test]
    public async Task The_client_can_be_mocked_by_overriding_its_virtual_methods()
    {
        KinesisVideoClient client = new MockClient();

        var response = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "mocked" });

        Assert.That(response.StreamInfo!.StreamName, Is.EqualTo("mocked"));
    }

    private sealed class MockClient : KinesisVideoClient
    {
        public override Task<DescribeStreamResponse> DescribeStreamAsync(DescribeStreamRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new DescribeStreamResponse { StreamInfo = new StreamInfo { StreamName = request.StreamName } });
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
