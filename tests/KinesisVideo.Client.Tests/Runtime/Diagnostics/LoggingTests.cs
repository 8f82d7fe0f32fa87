using System.Net;
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime.Diagnostics;

public class LoggingTests
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY";
    private const string SessionToken = "FwoGZXIvYXdzEXAMPLESESSIONTOKENxyz";

    [Test]
    public async Task Trace_logs_of_calls_retries_and_failures_carry_no_secret_token_or_signature()
    {
        await using var server = await FakeKinesisVideoServer.StartAsync();
        var time = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        using var client = TestClients.ControlPlane(server, time, options => options.LoggerFactory = logs, new SessionAWSCredentials("AKIDLOGS", SecretKey, SessionToken));

        server.EnqueueError(HttpStatusCode.BadRequest, "ClientLimitExceededException", "slow down");
        server.EnqueueResponse(HttpStatusCode.InternalServerError, $$"""{"message":"canonical request was\nx-amz-security-token:{{SessionToken}}\n"}""");
        server.EnqueueResponse(HttpStatusCode.OK, """{"StreamInfo":{"StreamName":"s"}}""");
        await TestClients.DriveAsync(client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }), time);
        server.EnqueueResponse(HttpStatusCode.Forbidden, $$"""{"message":"Signature mismatch; X-Amz-Security-Token={{SessionToken}}"}""", ("x-amzn-ErrorType", "InvalidSignatureException"));
        Assert.ThrowsAsync<KinesisVideoException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "s" }));

        var signatures = server.Requests.Select(r => r.Headers["Authorization"].Split("Signature=")[1]).ToList();
        var everything = string.Join('\n', logs.Entries);
        Assert.Multiple(() =>
        {
            Assert.That(logs.Entries, Has.Count.GreaterThanOrEqualTo(5), "the attempts, retries and failures were logged");
            Assert.That(everything, Does.Contain("Retrying DescribeStream"));
            Assert.That(everything, Does.Not.Contain(SecretKey));
            Assert.That(everything, Does.Not.Contain(SessionToken));
            foreach (var signature in signatures)
            {
                Assert.That(everything, Does.Not.Contain(signature));
            }
        });
    }
}
