using System.Net;
using System.Text.Json.Nodes;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Signaling;
using KinesisVideo.Client.Signaling.Model;
using KinesisVideo.Client.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>
/// Data and signaling endpoints: looked up once per key however many callers wait, kept for the
/// time-to-live on the fake clock, dropped when a call says the endpoint is wrong.
/// </summary>
public class EndpointCacheTests : FakeServerTest
{
    private const string StreamArn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam-1/1700000000000";
    private const string ChannelArn = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/door/1700000000000";
    private int _dataEndpointLookups;
    private int _signalingLookups;
    private Func<string>? _dataEndpoint;
    private TaskCompletionSource? _holdLookup;

    [SetUp]
    public void RouteRequests()
    {
        // NUnit keeps one instance of the class for all its tests.
        _dataEndpointLookups = 0;
        _signalingLookups = 0;
        _dataEndpoint = null;
        _holdLookup = null;
        Server.Fallback = async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/getDataEndpoint":
                    Interlocked.Increment(ref _dataEndpointLookups);
                    if (_holdLookup is { } hold)
                    {
                        await hold.Task.WaitAsync(context.RequestAborted);
                    }

                    await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, new JsonObject { ["DataEndpoint"] = _dataEndpoint?.Invoke() ?? Server.Url.ToString() }.ToJsonString());
                    break;
                case "/getSignalingChannelEndpoint":
                    Interlocked.Increment(ref _signalingLookups);
                    await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, $$"""{"ResourceEndpointList":[{"Protocol":"WSS","ResourceEndpoint":"wss://example"},{"Protocol":"HTTPS","ResourceEndpoint":"{{Server.Url}}"}]}""");
                    break;
                case "/getMedia":
                    context.Response.ContentType = "video/webm";
                    await context.Response.Body.WriteAsync("media"u8.ToArray());
                    break;
                default:
                    await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, "{}");
                    break;
            }
        };
    }

    [Test]
    public async Task A_thousand_concurrent_GetMedia_calls_on_one_stream_cause_exactly_one_GetDataEndpoint_call()
    {
        _holdLookup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 32 };
        using var client = MediaClient(options => options.HttpMessageHandler = handler);

        var calls = Enumerable.Range(0, 1000).Select(_ => GetMediaAsync(client)).ToArray();
        await Eventually.WaitUntilAsync(() => _dataEndpointLookups == 1);
        _holdLookup.SetResult();
        var bodies = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(_dataEndpointLookups, Is.EqualTo(1));
            Assert.That(Server.Requests.Count(r => r.Path == "/getMedia"), Is.EqualTo(1000));
            Assert.That(bodies, Has.All.EqualTo("media"));
        });
    }

    [Test]
    public async Task The_lookup_is_asked_for_the_call_s_stream_and_APIName()
    {
        using var client = MediaClient();

        await GetMediaAsync(client);

        var lookup = JsonNode.Parse(Server.Requests.Single(r => r.Path == "/getDataEndpoint").Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(lookup["StreamARN"]!.GetValue<string>(), Is.EqualTo(StreamArn));
            Assert.That(lookup["APIName"]!.GetValue<string>(), Is.EqualTo("GET_MEDIA"));
            Assert.That(lookup["StreamName"], Is.Null);
        });
    }

    [Test]
    public async Task An_entry_lives_for_its_time_to_live_on_the_injected_clock()
    {
        using var client = MediaClient();

        await GetMediaAsync(client);
        Time.Advance(TimeSpan.FromMinutes(39));
        await GetMediaAsync(client);
        Assert.That(_dataEndpointLookups, Is.EqualTo(1), "still fresh after 39 minutes");

        Time.Advance(TimeSpan.FromMinutes(2));
        await GetMediaAsync(client);
        Assert.That(_dataEndpointLookups, Is.EqualTo(2), "looked up again after 41 minutes");
    }

    [Test]
    public async Task The_time_to_live_is_configurable()
    {
        using var client = MediaClient(options => options.EndpointCacheTimeToLive = TimeSpan.FromMinutes(5));

        await GetMediaAsync(client);
        Time.Advance(TimeSpan.FromMinutes(6));
        await GetMediaAsync(client);

        Assert.That(_dataEndpointLookups, Is.EqualTo(2));
    }

    [Test]
    public async Task Each_APIName_and_each_stream_has_its_own_entry()
    {
        using var media = MediaClient();
        using var archived = new KinesisVideoArchivedMediaClient(TestClients.Options(Server, Time));

        await GetMediaAsync(media);
        await GetMediaAsync(media);
        await archived.ListFragmentsAsync(new ListFragmentsRequest { StreamARN = StreamArn });
        await archived.ListFragmentsAsync(new ListFragmentsRequest { StreamName = "cam-2" });
        await archived.ListFragmentsAsync(new ListFragmentsRequest { StreamName = "cam-2" });

        var apiNames = Server.Requests.Where(r => r.Path == "/getDataEndpoint").Select(r => JsonNode.Parse(r.Body)!["APIName"]!.GetValue<string>()).ToList();
        Assert.That(apiNames, Is.EqualTo(new[] { "GET_MEDIA", "LIST_FRAGMENTS", "LIST_FRAGMENTS" }));
    }

    [TestCase("InvalidEndpointException")]
    [TestCase("ResourceNotFoundException")]
    public async Task An_error_that_says_the_endpoint_is_wrong_drops_the_entry(string code)
    {
        using var client = MediaClient();
        await GetMediaAsync(client);
        Server.EnqueueError(code == "ResourceNotFoundException" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, code, "wrong place");

        Assert.ThrowsAsync(Is.InstanceOf<KinesisVideoException>(), () => GetMediaAsync(client));
        await GetMediaAsync(client);

        Assert.That(_dataEndpointLookups, Is.EqualTo(2));
    }

    [Test]
    public async Task Other_errors_keep_the_entry()
    {
        using var client = MediaClient(options => options.Retry.MaxRetries = 0);
        await GetMediaAsync(client);
        Server.EnqueueError(HttpStatusCode.BadRequest, "InvalidArgumentException", "bad selector");

        Assert.ThrowsAsync<InvalidArgumentException>(() => GetMediaAsync(client));
        await GetMediaAsync(client);

        Assert.That(_dataEndpointLookups, Is.EqualTo(1));
    }

    [Test]
    public async Task A_connection_error_drops_the_entry_and_the_retry_uses_a_fresh_endpoint()
    {
        var deadPort = await UnusedPortAsync();
        var answers = new Queue<string>([$"http://127.0.0.1:{deadPort}", Server.Url.ToString()]);
        _dataEndpoint = () => answers.Count > 1 ? answers.Dequeue() : answers.Peek();
        using var client = MediaClient();

        var call = GetMediaAsync(client);
        await TestClients.DriveAsync(call, Time);

        Assert.Multiple(async () =>
        {
            Assert.That(await call, Is.EqualTo("media"));
            Assert.That(_dataEndpointLookups, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failed_lookup_is_not_kept()
    {
        using var client = MediaClient(options => options.Retry.MaxRetries = 0);
        Server.EnqueueError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such stream");

        Assert.ThrowsAsync<ResourceNotFoundException>(() => GetMediaAsync(client));
        await GetMediaAsync(client);

        Assert.That(Server.Requests.Count(r => r.Path == "/getDataEndpoint"), Is.EqualTo(2));
    }

    [Test]
    public async Task An_explicit_data_endpoint_skips_the_lookup()
    {
        using var client = MediaClient(options => options.DataEndpoint = Server.Url);

        await GetMediaAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(_dataEndpointLookups, Is.Zero);
            Assert.That(Server.Requests.Single().Path, Is.EqualTo("/getMedia"));
        });
    }

    [Test]
    public async Task Signaling_calls_go_to_the_channel_s_HTTPS_endpoint_looked_up_once()
    {
        using var client = new KinesisVideoSignalingClient(TestClients.Options(Server, Time));

        await client.GetIceServerConfigAsync(new GetIceServerConfigRequest { ChannelARN = ChannelArn });
        await client.SendAlexaOfferToMasterAsync(new SendAlexaOfferToMasterRequest { ChannelARN = ChannelArn, SenderClientId = "alexa", MessagePayload = "b2ZmZXI=" });

        var lookup = JsonNode.Parse(Server.Requests.Single(r => r.Path == "/getSignalingChannelEndpoint").Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(_signalingLookups, Is.EqualTo(1));
            Assert.That(lookup["ChannelARN"]!.GetValue<string>(), Is.EqualTo(ChannelArn));
            Assert.That(lookup["SingleMasterChannelEndpointConfiguration"]!.ToJsonString(), Is.EqualTo("""{"Protocols":["HTTPS"],"Role":"VIEWER"}"""));
            Assert.That(Server.Requests.Select(r => r.Path), Is.SupersetOf(new[] { "/v1/get-ice-server-config", "/v1/send-alexa-offer-to-master" }));
        });
    }

    [Test]
    public async Task The_signaling_role_is_chosen_per_call_and_each_role_has_its_own_cached_endpoint()
    {
        // Issue 12: the role used to be fixed when the client was created; a process may be master
        // on one channel and viewer on another, so one client serves both.
        using var client = new KinesisVideoSignalingClient(TestClients.Options(Server, Time));

        await client.GetIceServerConfigAsync(new GetIceServerConfigRequest { ChannelARN = ChannelArn }, ChannelRole.MASTER);
        await client.GetIceServerConfigAsync(new GetIceServerConfigRequest { ChannelARN = ChannelArn }, ChannelRole.MASTER);
        await client.GetIceServerConfigAsync(new GetIceServerConfigRequest { ChannelARN = ChannelArn }, ChannelRole.VIEWER);

        var roles = Server.Requests
            .Where(r => r.Path == "/getSignalingChannelEndpoint")
            .Select(r => JsonNode.Parse(r.Body)!["SingleMasterChannelEndpointConfiguration"]!["Role"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(roles, Is.EqualTo(new[] { "MASTER", "VIEWER" }), "one lookup per role; the second MASTER call reuses the first");
            Assert.That(Server.Requests.Count(r => r.Path == "/v1/get-ice-server-config"), Is.EqualTo(3));
        });
    }

    private KinesisVideoMediaClient MediaClient(Action<KinesisVideoClientOptions>? configure = null)
    {
        var options = TestClients.Options(Server, Time);
        configure?.Invoke(options);
        return new KinesisVideoMediaClient(options);
    }

    private static async Task<string> GetMediaAsync(KinesisVideoMediaClient client)
    {
        await using var response = await client.GetMediaAsync(new GetMediaRequest { StreamARN = StreamArn, StartSelector = new StartSelector { StartSelectorType = StartSelectorType.NOW } });
        using var reader = new StreamReader(response.Payload);
        return await reader.ReadToEndAsync();
    }

    private static async Task<int> UnusedPortAsync()
    {
        await using var probe = await FakeKinesisVideoServer.StartAsync();
        return probe.Url.Port;
    }
}
