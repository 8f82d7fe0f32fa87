using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>A unary call against a Kestrel server on 127.0.0.1: what goes on the wire and how the answer is read.</summary>
public class UnaryCallWireTests : FakeServerTest
{
    [Test]
    public async Task A_signed_request_arrives_intact_and_verifies_with_an_independent_sigv4_implementation()
    {
        using var client = TestClients.ControlPlane(Server, Time);

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "my-stream" });

        var request = Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/describeStream"));
            Assert.That(request.BodyText, Is.EqualTo("""{"StreamName":"my-stream"}"""));
            Assert.That(request.Headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(request.Headers["X-Amz-Date"], Is.EqualTo("20261121T120000Z"));
            Assert.That(request.Headers["Authorization"], Does.StartWith($"AWS4-HMAC-SHA256 Credential={TestClients.AccessKey}/20261121/us-west-2/kinesisvideo/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature="));
            Assert.That(SigV4Verifier.Verify(request, TestClients.SecretKey, "us-west-2", "kinesisvideo"), Is.Null);
            Assert.That(SigV4Verifier.Verify(request, "another-secret", "us-west-2", "kinesisvideo"), Is.Not.Null, "the verifier must reject a wrong key");
        });
    }

    [Test]
    public async Task Session_credentials_send_and_sign_the_security_token()
    {
        using var client = TestClients.ControlPlane(Server, Time, credentials: new SessionAWSCredentials(TestClients.AccessKey, TestClients.SecretKey, "session-token-value"));

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });

        var request = Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Headers["X-Amz-Security-Token"], Is.EqualTo("session-token-value"));
            Assert.That(request.Headers["Authorization"], Does.Contain("x-amz-security-token"));
            Assert.That(SigV4Verifier.Verify(request, TestClients.SecretKey, "us-west-2", "kinesisvideo"), Is.Null);
        });
    }

    [Test]
    public async Task A_service_url_with_a_path_prefix_keeps_it()
    {
        using var client = new KinesisVideo.Client.ControlPlane.KinesisVideoClient(new KinesisVideo.Client.Runtime.KinesisVideoClientOptions
        {
            Region = "us-west-2",
            ServiceUrl = new Uri(Server.Url, "proxy/kvs/"),
            Credentials = new BasicAWSCredentials(TestClients.AccessKey, TestClients.SecretKey),
            TimeProvider = Time,
        });

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });

        var request = Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/proxy/kvs/describeStream"));
            Assert.That(SigV4Verifier.Verify(request, TestClients.SecretKey, "us-west-2", "kinesisvideo"), Is.Null);
        });
    }

    [Test]
    public async Task The_response_is_read_into_the_typed_output_with_its_request_id()
    {
        Server.EnqueueResponse(HttpStatusCode.OK, """
            {"StreamInfo":{"DeviceName":null,"StreamName":"my-stream",
             "StreamARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/my-stream/1700000000123",
             "MediaType":"video/h264","KmsKeyId":"arn:aws:kms:us-west-2:123456789012:alias/aws/kinesisvideo",
             "Version":"abcdefghijklmnopqrst","Status":"ACTIVE","CreationTime":1.700000000123E9,
             "DataRetentionInHours":24,"SomethingNew":{"Nested":[1,2,3]}},"AlsoNew":true}
            """, ("x-amzn-RequestId", "3f7a1b2c-0000-4000-8000-000000000001"));
        using var client = TestClients.ControlPlane(Server, Time);

        var response = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "my-stream" });

        var info = response.StreamInfo!;
        Assert.Multiple(() =>
        {
            Assert.That(response.RequestId, Is.EqualTo("3f7a1b2c-0000-4000-8000-000000000001"));
            Assert.That(response.HttpStatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(info.DeviceName, Is.Null);
            Assert.That(info.StreamName, Is.EqualTo("my-stream"));
            Assert.That(info.StreamARN, Is.EqualTo("arn:aws:kinesisvideo:us-west-2:123456789012:stream/my-stream/1700000000123"));
            Assert.That(info.MediaType, Is.EqualTo("video/h264"));
            Assert.That(info.Version, Is.EqualTo("abcdefghijklmnopqrst"));
            Assert.That(info.Status, Is.EqualTo(Status.ACTIVE));
            Assert.That(info.CreationTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)));
            Assert.That(info.DataRetentionInHours, Is.EqualTo(24));
        });
    }

    [Test]
    public async Task An_unknown_enum_value_is_kept()
    {
        Server.EnqueueResponse(HttpStatusCode.OK, """{"StreamInfo":{"Status":"HIBERNATING"}}""");
        using var client = TestClients.ControlPlane(Server, Time);

        var response = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });

        Assert.Multiple(() =>
        {
            Assert.That(response.StreamInfo!.Status!.Value.Value, Is.EqualTo("HIBERNATING"));
            Assert.That(response.StreamInfo.Status, Is.Not.EqualTo(Status.ACTIVE));
        });
    }

    [Test]
    public async Task An_empty_success_body_gives_an_empty_response()
    {
        Server.EnqueueResponse(HttpStatusCode.OK, body: null, ("x-amzn-RequestId", "req-empty"));
        using var client = TestClients.ControlPlane(Server, Time);

        var response = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });

        Assert.Multiple(() =>
        {
            Assert.That(response.StreamInfo, Is.Null);
            Assert.That(response.RequestId, Is.EqualTo("req-empty"));
        });
    }

    [Test]
    public void A_success_body_that_is_not_json_gives_a_typed_error_and_is_not_retried()
    {
        Server.EnqueueResponse(HttpStatusCode.OK, "<html>captive portal</html>", ("x-amzn-RequestId", "req-html"));
        using var client = TestClients.ControlPlane(Server, Time);

        var error = Assert.ThrowsAsync<KinesisVideo.Client.Runtime.Errors.KinesisVideoException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("DescribeStream answered HTTP 200 with a body that is not the expected JSON document"));
            Assert.That(error.RequestId, Is.EqualTo("req-html"));
            Assert.That(error.InnerException, Is.InstanceOf<JsonException>());
            Assert.That(error.IsRetryable, Is.False);
            Assert.That(Server.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Invalid_arguments_are_refused_before_any_network_call()
    {
        using var client = TestClients.ControlPlane(Server, Time);

        var neither = Assert.ThrowsAsync<ArgumentException>(() => client.DescribeStreamAsync(new DescribeStreamRequest()));
        var emptyName = Assert.ThrowsAsync<ArgumentException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "" }));
        Assert.ThrowsAsync<ArgumentNullException>(() => client.DescribeStreamAsync(null!));

        Assert.Multiple(() =>
        {
            Assert.That(neither!.ParamName, Is.EqualTo("StreamName"));
            Assert.That(neither.Message, Does.Contain("StreamName or StreamARN"));
            Assert.That(emptyName!.ParamName, Is.EqualTo("StreamName"));
            Assert.That(Server.Requests, Is.Empty);
        });
    }

    [Test]
    public void Upper_bounds_are_left_to_the_service_so_a_raised_limit_needs_no_new_client()
    {
        // Issue 12: the models' maximum lengths (256 for a name, 1024 for an ARN) used to be refused
        // here; a service that raises them must not be second-guessed by a deployed client.
        Server.EnqueueError(HttpStatusCode.BadRequest, "InvalidArgumentException", "too long");
        Server.EnqueueError(HttpStatusCode.BadRequest, "InvalidArgumentException", "too long");
        using var client = TestClients.ControlPlane(Server, Time);
        var longName = new string('a', 257);

        var byName = Assert.ThrowsAsync<KinesisVideo.Client.Runtime.Errors.InvalidArgumentException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = longName }));
        var byArn = Assert.ThrowsAsync<KinesisVideo.Client.Runtime.Errors.InvalidArgumentException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamARN = new string('a', 1025) }));

        var requests = Server.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(byName!.Message, Is.EqualTo("too long"), "the service's answer, not a client-side refusal");
            Assert.That(byArn, Is.Not.Null);
            Assert.That(requests, Has.Length.EqualTo(2));
            Assert.That(JsonNode.Parse(requests[0].Body)!["StreamName"]!.GetValue<string>(), Is.EqualTo(longName));
        });
    }

    [Test]
    public async Task Credentials_are_asked_for_on_every_attempt_so_rotated_keys_are_used()
    {
        var credentials = new RotatingCredentials();
        Server.EnqueueError(HttpStatusCode.InternalServerError, "InternalFailure", "try again");
        using var client = TestClients.ControlPlane(Server, Time, credentials: credentials);

        await TestClients.DriveAsync(client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }), Time, extraPerDelay: TimeSpan.FromSeconds(2));

        var requests = Server.Requests.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Length.EqualTo(2));
            Assert.That(requests[0].Headers["Authorization"], Does.Contain("Credential=AKIDROTATED1/"));
            Assert.That(requests[1].Headers["Authorization"], Does.Contain("Credential=AKIDROTATED2/"));
            Assert.That(requests[1].Headers["X-Amz-Date"], Is.Not.EqualTo(requests[0].Headers["X-Amz-Date"]), "each attempt is signed at its own time");
            Assert.That(SigV4Verifier.Verify(requests[0], "secret-1", "us-west-2", "kinesisvideo"), Is.Null);
            Assert.That(SigV4Verifier.Verify(requests[1], "secret-2", "us-west-2", "kinesisvideo"), Is.Null);
        });
    }

    [Test]
    [NonParallelizable]
    public async Task Without_credentials_the_default_chain_finds_them_in_the_environment()
    {
        using var environment = new EnvironmentScope(("AWS_ACCESS_KEY_ID", "AKIDFROMENV"), ("AWS_SECRET_ACCESS_KEY", "secret-from-env"), ("AWS_SESSION_TOKEN", null), ("AWS_PROFILE", "kvs-tests-no-such-profile"));
        var options = TestClients.Options(Server, Time);
        options.Credentials = null;
        using var client = new KinesisVideo.Client.ControlPlane.KinesisVideoClient(options);

        await client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" });

        var request = Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Headers["Authorization"], Does.Contain("Credential=AKIDFROMENV/"));
            Assert.That(SigV4Verifier.Verify(request, "secret-from-env", "us-west-2", "kinesisvideo"), Is.Null);
        });
    }

    private sealed class RotatingCredentials : AWSCredentials
    {
        private int _calls;

        public override ImmutableCredentials GetCredentials()
        {
            var n = Interlocked.Increment(ref _calls);
            return new ImmutableCredentials("AKIDROTATED" + n, "secret-" + n, null);
        }
    }
}
