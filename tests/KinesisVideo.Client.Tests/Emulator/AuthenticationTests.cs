using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>Every request is checked with SigV4 and refused with AWS's 403 errors when it does not pass.</summary>
public class AuthenticationTests : EmulatorTest
{
    private const string SessionKey = "ASIAKVSEMULATORTEMP1";
    private const string SessionSecret = "temporary/secret/key/for/tests000000000";
    private const string SessionToken = "FwoGZXIvYXdzEXAMPLEtoken//for+the+emulator==";

    private protected override void Configure(KinesisVideoEmulatorOptions options)
    {
        options.Credentials.Add(EmulatorCredentials.Default);
        options.Credentials.Add(new EmulatorCredentials("AKIASECONDPAIR000000", "second/secret/key/0000000000000000000000"));
        options.Credentials.Add(new EmulatorCredentials(SessionKey, SessionSecret, SessionToken, Expiration: options.TimeProvider.GetUtcNow() + TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task Every_configured_key_pair_is_accepted_and_every_answer_has_a_request_id()
    {
        using var second = CallerFor(Kvs.ServiceUrl, new BasicAWSCredentials("AKIASECONDPAIR000000", "second/secret/key/0000000000000000000000"));
        using var session = CallerFor(Kvs.ServiceUrl, new SessionAWSCredentials(SessionKey, SessionSecret, SessionToken));

        var responses = new[] { await Caller.PostAsync("/listStreams"), await second.PostAsync("/listStreams"), await session.PostAsync("/listStreams") };

        var requestIds = responses.Select(r => r.Ok().RequestId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(requestIds, Is.All.Not.Empty);
            Assert.That(requestIds, Is.Unique);
        });
    }

    [Test]
    public async Task A_request_signed_with_the_wrong_secret_is_InvalidSignature_403()
    {
        using var wrong = CallerFor(Kvs.ServiceUrl, new BasicAWSCredentials(EmulatorCredentials.DefaultAccessKeyId, "not-the-secret"));

        var response = (await wrong.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");

        Assert.That(response.Message, Does.StartWith("The request signature we calculated does not match"));
    }

    [Test]
    public async Task An_unknown_access_key_is_UnrecognizedClient_403()
    {
        using var stranger = CallerFor(Kvs.ServiceUrl, new BasicAWSCredentials("AKIAUNKNOWN000000000", "whatever"));

        (await stranger.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "UnrecognizedClientException");
    }

    [Test]
    public async Task A_request_without_Authorization_is_MissingAuthenticationToken_403()
    {
        using var http = new HttpClient();
        using var content = new StringContent("{}", new MediaTypeHeaderValue("application/json"));

        using var response = await http.PostAsync(new Uri(Kvs.ServiceUrl, "listStreams"), content);

        (await EmulatorResponse.ReadAsync(response)).Error(HttpStatusCode.Forbidden, "MissingAuthenticationTokenException");
    }

    [Test]
    public async Task A_body_changed_after_signing_is_InvalidSignature()
    {
        Caller.AfterSigning = request => request.Content = new ByteArrayContent("""{"MaxResults":2}"""u8.ToArray());

        (await Caller.PostAsync("/listStreams", """{"MaxResults":1}""")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");
    }

    [Test]
    public async Task A_signed_header_changed_after_signing_is_InvalidSignature()
    {
        Caller.AfterSigning = request => request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");

        (await Caller.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");
    }

    [Test]
    public async Task A_session_key_without_its_token_is_refused_and_with_it_accepted_until_it_expires()
    {
        using var withoutToken = CallerFor(Kvs.ServiceUrl, new BasicAWSCredentials(SessionKey, SessionSecret));
        using var session = CallerFor(Kvs.ServiceUrl, new SessionAWSCredentials(SessionKey, SessionSecret, SessionToken));

        (await withoutToken.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "UnrecognizedClientException");
        (await session.PostAsync("/listStreams")).Ok();
        Time.Advance(TimeSpan.FromHours(1));
        (await session.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "ExpiredTokenException");
        (await Caller.PostAsync("/listStreams")).Ok();
    }

    [Test]
    public async Task A_signature_more_than_five_minutes_old_or_ahead_is_InvalidSignature_Signature_expired()
    {
        var pair = Kvs.Credentials[0];
        var credentials = new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey);
        var slowClock = new FakeTimeProvider(Time.GetUtcNow() - TimeSpan.FromMinutes(6));
        var fastClock = new FakeTimeProvider(Time.GetUtcNow() + TimeSpan.FromMinutes(6));
        var nearClock = new FakeTimeProvider(Time.GetUtcNow() - TimeSpan.FromMinutes(4));
        using var slow = new SignedCaller(Kvs.ServiceUrl, Kvs.Region, credentials, slowClock);
        using var fast = new SignedCaller(Kvs.ServiceUrl, Kvs.Region, credentials, fastClock);
        using var near = new SignedCaller(Kvs.ServiceUrl, Kvs.Region, credentials, nearClock);

        var expired = (await slow.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");
        var ahead = (await fast.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");

        Assert.Multiple(() =>
        {
            Assert.That(expired.Message, Does.StartWith("Signature expired:"));
            Assert.That(ahead.Message, Does.StartWith("Signature not yet current:"));
        });
        (await near.PostAsync("/listStreams")).Ok();
    }

    [Test]
    public async Task A_request_signed_for_another_region_is_refused()
    {
        var pair = Kvs.Credentials[0];
        using var elsewhere = new SignedCaller(Kvs.ServiceUrl, "eu-west-1", new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey), Time);

        var refused = (await elsewhere.PostAsync("/listStreams")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");

        Assert.That(refused.Message, Does.Contain("not 'eu-west-1'").And.Contain($"This emulator serves region '{Kvs.Region}'"));
    }

    [Test]
    public async Task The_signaling_and_data_origins_check_signatures_too()
    {
        var channel = await CreateChannelAsync("room");
        using var wrong = CallerFor(Kvs.SignalingEndpoint, new BasicAWSCredentials(EmulatorCredentials.DefaultAccessKeyId, "not-the-secret"));

        (await wrong.PostAsync("/v1/get-ice-server-config", $$"""{"ChannelARN":"{{channel}}"}""")).Error(HttpStatusCode.Forbidden, "InvalidSignatureException");
    }
}
