using System.Net;
using System.Text.Json.Nodes;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>
/// Unary calls against WireMock.Net stubs: request matching on what the service checks (path,
/// content type, the SigV4 scope, the JSON body), scenarios for retry sequences, and the request
/// log to assert on what went out.
/// </summary>
public class WireMockUnaryTests
{
    private const string StreamArn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1700000000000";

    private WireMockServer _stub = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void StartStub()
    {
        _stub = WireMockStub.Start();
        _time = new FakeTimeProvider();
    }

    [TearDown]
    public void StopStub() => _stub.Dispose();

    [Test]
    public async Task A_request_matches_a_stub_only_with_the_service_s_path_content_type_signature_scope_and_body()
    {
        _stub.Given(Request.Create().WithPath("/describeStream").UsingPost()
                .WithHeader("Content-Type", "application/json*", MatchBehaviour.AcceptOnMatch)
                .WithHeader("Authorization", new RegexMatcher(@"^AWS4-HMAC-SHA256 Credential=AKIDTESTCLIENT/\d{8}/us-west-2/kinesisvideo/aws4_request, SignedHeaders=[^ ]*host;[^ ]*x-amz-date[^ ]*, Signature=[0-9a-f]{64}$"))
                // WireMock matches header names as spelt; AWSSDK.Core's signer spells this one so.
                .WithHeader("X-Amz-Content-SHA256", new RegexMatcher("^[0-9a-f]{64}$"))
                .WithBody(new JsonMatcher("""{"StreamName":"cam"}""")))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("x-amzn-RequestId", "req-matched")
                .WithBody("""{"StreamInfo":{"StreamName":"cam","StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1","Status":"ACTIVE"}}"""));
        using var client = Client();

        var response = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" });

        Assert.Multiple(() =>
        {
            Assert.That(response.RequestId, Is.EqualTo("req-matched"), "the stub matched; an unmatched request gets WireMock's 404");
            Assert.That(response.StreamInfo!.Status, Is.EqualTo(Status.ACTIVE));
        });
    }

    [Test]
    public void A_request_no_stub_matches_surfaces_as_a_sender_error_and_is_not_retried()
    {
        _stub.Given(Request.Create().WithPath("/describeStream").WithBody(new JsonMatcher("""{"StreamName":"other"}""")))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        using var client = Client();

        var error = Assert.ThrowsAsync<KinesisVideoException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.ErrorType, Is.EqualTo(KinesisVideoErrorType.Sender));
            Assert.That(_stub.LogEntries, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_throttle_then_a_server_error_then_success_is_retried_twice_each_attempt_signed_afresh()
    {
        const string scenario = "throttled, failing, then answering";
        _stub.Given(Request.Create().WithPath("/listStreams").UsingPost()).InScenario(scenario).WillSetStateTo("throttled")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("x-amzn-ErrorType", "ClientLimitExceededException").WithBody("""{"message":"slow down"}"""));
        _stub.Given(Request.Create().WithPath("/listStreams").UsingPost()).InScenario(scenario).WhenStateIs("throttled").WillSetStateTo("failed")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"message":"unavailable"}"""));
        _stub.Given(Request.Create().WithPath("/listStreams").UsingPost()).InScenario(scenario).WhenStateIs("failed")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"StreamInfoList":[{"StreamName":"cam"}]}"""));
        using var client = Client();

        var call = client.ListStreamsAsync(new ListStreamsRequest());
        var delays = await TestClients.DriveAsync(call, _time, extraPerDelay: TimeSpan.FromSeconds(1));

        var requests = _stub.LogEntries.Select(e => e.RequestMessage).ToArray();
        var answers = _stub.LogEntries.Select(e => (int)e.ResponseMessage.StatusCode!).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That((await call).StreamInfoList!.Single().StreamName, Is.EqualTo("cam"));
            Assert.That(answers, Is.EqualTo(new[] { 400, 503, 200 }));
            Assert.That(delays, Has.Count.EqualTo(2));
            Assert.That(requests.Select(r => r.Headers!["X-Amz-Date"].Single()), Is.Unique, "every attempt is signed at its own time");
            Assert.That(requests.Select(r => r.Headers!["Authorization"].Single()), Is.Unique);
            Assert.That(requests.Select(r => r.Body), Has.All.EqualTo("{}"), "the same body each time");
        });
    }

    [Test]
    public async Task A_data_endpoint_is_looked_up_once_and_again_after_it_answers_InvalidEndpoint()
    {
        _stub.Given(Request.Create().WithPath("/getDataEndpoint").WithBody(new JsonPartialMatcher("""{"StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1700000000000","APIName":"LIST_FRAGMENTS"}""")))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""{"DataEndpoint":"{{_stub.BaseUrl()}}data"}"""));
        const string scenario = "moved";
        _stub.Given(Request.Create().WithPath("/data/listFragments")).InScenario(scenario).WillSetStateTo("listed once")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"Fragments":[]}"""));
        _stub.Given(Request.Create().WithPath("/data/listFragments")).InScenario(scenario).WhenStateIs("listed once").WillSetStateTo("moved")
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("x-amzn-ErrorType", "InvalidEndpointException").WithBody("""{"message":"wrong endpoint"}"""));
        _stub.Given(Request.Create().WithPath("/data/listFragments")).InScenario(scenario).WhenStateIs("moved")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"Fragments":[]}"""));
        using var client = new KinesisVideoArchivedMediaClient(TestClients.Options(_stub.BaseUrl(), _time));
        var request = new ListFragmentsRequest { StreamARN = StreamArn };

        await client.ListFragmentsAsync(request);
        Assert.ThrowsAsync<InvalidEndpointException>(() => client.ListFragmentsAsync(request));
        await client.ListFragmentsAsync(request);

        var paths = _stub.LogEntries.Select(e => e.RequestMessage.Path).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(paths, Is.EqualTo(new[] { "/getDataEndpoint", "/data/listFragments", "/data/listFragments", "/getDataEndpoint", "/data/listFragments" }),
                "cached for the second call, dropped after InvalidEndpointException, looked up again for the third");
            Assert.That(JsonNode.Parse(_stub.LogEntries[0].RequestMessage.Body!)!["APIName"]!.GetValue<string>(), Is.EqualTo("LIST_FRAGMENTS"));
        });
    }

    private KinesisVideo.Client.ControlPlane.KinesisVideoClient Client() => new(TestClients.Options(_stub.BaseUrl(), _time));
}
