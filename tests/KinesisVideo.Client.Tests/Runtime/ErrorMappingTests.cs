using System.Net;
using Microsoft.AspNetCore.Http;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>Every shape of error response the service (or something in front of it) sends, over a real connection.</summary>
public class ErrorMappingTests
{
    private FakeKinesisVideoServer _server = null!;
    private KinesisVideo.Client.ControlPlane.KinesisVideoClient _client = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await FakeKinesisVideoServer.StartAsync();
        // One attempt per call: these tests are about reading the error, not retrying it.
        _client = TestClients.ControlPlane(_server, new FakeTimeProvider(), options => options.Retry.MaxRetries = 0);
    }

    [TearDown]
    public async Task StopServer()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public void The_code_comes_from_the_error_type_header_with_the_text_after_the_colon_dropped()
    {
        _server.EnqueueResponse(HttpStatusCode.NotFound, """{"message":"The stream my-stream does not exist."}""",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.kinesisvideo/"),
            ("x-amzn-RequestId", "5b1c2d3e-0000-4000-8000-00000000abcd"));

        var error = Call<ResourceNotFoundException>();

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo("ResourceNotFoundException"));
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.RequestId, Is.EqualTo("5b1c2d3e-0000-4000-8000-00000000abcd"));
            Assert.That(error.Message, Is.EqualTo("The stream my-stream does not exist."));
            Assert.That(error.IsRetryable, Is.False);
        });
    }

    [Test]
    public void The_code_comes_from_the_body_type_with_the_namespace_dropped_and_the_message_from_Message()
    {
        _server.EnqueueResponse(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.kinesisvideo#InvalidArgumentException","Message":"DataRetentionInHours must be at least 0."}""");

        var error = Call<InvalidArgumentException>();

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo("InvalidArgumentException"));
            Assert.That(error.Message, Is.EqualTo("DataRetentionInHours must be at least 0."));
        });
    }

    [Test]
    public void The_header_wins_over_the_body()
    {
        _server.EnqueueResponse(HttpStatusCode.BadRequest, """{"__type":"InvalidArgumentException","message":"m"}""", ("x-amzn-ErrorType", "VersionMismatchException"));

        Assert.That(Call<VersionMismatchException>().ErrorCode, Is.EqualTo("VersionMismatchException"));
    }

    [Test]
    public void The_code_member_of_the_body_is_read_too()
    {
        _server.EnqueueResponse(HttpStatusCode.BadRequest, """{"code":"ResourceInUseException","message":"busy"}""");

        Assert.That(Call<ResourceInUseException>().Message, Is.EqualTo("busy"));
    }

    [Test]
    public void An_unknown_code_gives_the_base_type_with_the_code()
    {
        _server.EnqueueResponse(HttpStatusCode.BadRequest, """{"__type":"aws.kinesisvideo#BrandNewException","message":"new"}""", ("x-amzn-RequestId", "req-new"));

        var error = Call<KinesisVideoException>();

        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(typeof(KinesisVideoException)));
            Assert.That(error.ErrorCode, Is.EqualTo("BrandNewException"));
            Assert.That(error.Message, Is.EqualTo("new"));
            Assert.That(error.RequestId, Is.EqualTo("req-new"));
        });
    }

    [Test]
    public void A_body_that_is_not_json_gives_a_clear_error()
    {
        _server.Enqueue(async context =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
        });

        var error = Call<KinesisVideoException>();

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
            Assert.That(error.ErrorCode, Is.Null);
            Assert.That(error.Message, Does.StartWith("DescribeStream failed with HTTP 502 Bad Gateway and a body that is not a JSON error document: <html><body>502 Bad Gateway"));
            Assert.That(error.IsRetryable, Is.True);
        });
    }

    [Test]
    public void An_empty_error_body_gives_a_clear_error()
    {
        _server.EnqueueResponse(HttpStatusCode.Forbidden, body: null, ("x-amzn-ErrorType", "AccessDeniedException"));

        var error = Call<AccessDeniedException>();

        Assert.That(error.Message, Is.EqualTo("DescribeStream failed with HTTP 403 Forbidden (AccessDeniedException) and an empty body."));
    }

    [Test]
    public void An_explicit_null_message_is_tolerated()
    {
        _server.EnqueueResponse(HttpStatusCode.BadRequest, """{"__type":"NotAuthorizedException","message":null,"Message":null}""");

        var error = Call<NotAuthorizedException>();

        Assert.That(error.Message, Is.EqualTo("DescribeStream failed with HTTP 400 Bad Request (NotAuthorizedException); the error body carried no message."));
    }

    [Test]
    public void Credentials_echoed_back_by_the_service_are_redacted_from_the_message()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLETOKENVALUE";
        _server.EnqueueResponse(HttpStatusCode.Forbidden,
            $$"""{"message":"The request signature we calculated does not match.\n\nThe Canonical String for this request should have been\n'POST\n/describeStream\n\nhost:x\nx-amz-security-token:{{token}}\n'"}""",
            ("x-amzn-ErrorType", "InvalidSignatureException"));

        var error = Call<KinesisVideoException>();

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo("InvalidSignatureException"));
            Assert.That(error.Message, Does.Not.Contain(token));
            Assert.That(error.Message, Does.Contain("x-amz-security-token:***"));
        });
    }

    [Test]
    public void Throttling_answered_with_400_is_marked_retryable()
    {
        _server.EnqueueError(HttpStatusCode.BadRequest, "ClientLimitExceededException", "Slow down");

        var error = Call<ClientLimitExceededException>();

        Assert.That(error.IsRetryable, Is.True);
    }

    [TestCase(HttpStatusCode.BadRequest, "InvalidArgumentException", KinesisVideoErrorType.Sender)]
    [TestCase(HttpStatusCode.NotFound, "ResourceNotFoundException", KinesisVideoErrorType.Sender)]
    [TestCase(HttpStatusCode.BadRequest, "ClientLimitExceededException", KinesisVideoErrorType.Sender)]
    [TestCase(HttpStatusCode.TooManyRequests, "TooManyRequestsException", KinesisVideoErrorType.Sender)]
    [TestCase(HttpStatusCode.InternalServerError, "InternalFailure", KinesisVideoErrorType.Receiver)]
    [TestCase(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", KinesisVideoErrorType.Receiver)]
    public void The_error_says_whether_the_caller_or_the_service_is_at_fault(HttpStatusCode status, string code, KinesisVideoErrorType expected)
    {
        _server.EnqueueError(status, code, "m");

        Assert.That(Call<KinesisVideoException>().ErrorType, Is.EqualTo(expected));
    }

    [Test]
    public void An_unreadable_success_body_blames_nobody_in_particular()
    {
        _server.EnqueueResponse(HttpStatusCode.OK, "<html>", ("Content-Type", "text/html"));

        Assert.That(Call<KinesisVideoException>().ErrorType, Is.EqualTo(KinesisVideoErrorType.Unknown));
    }

    private T Call<T>()
        where T : KinesisVideoException
    {
        var error = Assert.ThrowsAsync(Is.InstanceOf<T>(), () => _client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "my-stream" }));
        Assert.That(_server.Requests, Has.Count.EqualTo(1));
        return (T)error!;
    }
}
