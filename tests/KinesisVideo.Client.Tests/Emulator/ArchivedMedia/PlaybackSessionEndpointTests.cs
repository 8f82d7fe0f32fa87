using System.Net;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator.ArchivedMedia;

/// <summary>GETs of session URLs: unsigned, the token checked, any origin allowed.</summary>
public class PlaybackSessionEndpointTests : ArchivedMediaTest
{
    private readonly HttpClient _http = new();

    [OneTimeTearDown]
    public void DisposeHttp() => _http.Dispose();

    [TestCase("/getHLSStreamingSessionURL", "HLSStreamingSessionURL", "getHLSMediaPlaylist.m3u8", "application/vnd.apple.mpegurl")]
    [TestCase("/getDASHStreamingSessionURL", "DASHStreamingSessionURL", "getMP4InitFragment.mp4", "video/mp4")]
    public async Task An_unsigned_get_with_a_live_token_is_served_to_any_origin(string operation, string member, string otherResource, string contentType)
    {
        var url = await SessionUrlAsync(operation, member);
        var sibling = url.Replace(url[(url.LastIndexOf('/') + 1)..url.IndexOf('?', StringComparison.Ordinal)], otherResource, StringComparison.Ordinal);

        using var response = await _http.GetAsync(new Uri(sibling));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }), "web players fetch from other origins");
        });
    }

    [Test]
    public async Task A_cors_preflight_of_a_session_resource_is_answered()
    {
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", "HLSStreamingSessionURL");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://localhost:8080");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "range");

        using var response = await _http.SendAsync(preflight);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("GET"));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Is.EqualTo("range"));
        });
    }

    [Test]
    public async Task A_session_expires_after_Expires_seconds_on_the_emulator_clock()
    {
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", "HLSStreamingSessionURL", ",\"Expires\":600");

        Time.Advance(TimeSpan.FromSeconds(600) - TimeSpan.FromMilliseconds(1));
        using (var live = await _http.GetAsync(new Uri(url)))
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = (await GetAsync(url)).Error(HttpStatusCode.Unauthorized, "NotAuthorizedException");

        Assert.That(expired.Message, Does.Contain("expired"));
    }

    [Test]
    public async Task A_session_lasts_300_seconds_by_default()
    {
        var url = await SessionUrlAsync("/getDASHStreamingSessionURL", "DASHStreamingSessionURL");

        Time.Advance(TimeSpan.FromSeconds(300));

        (await GetAsync(url)).Error(HttpStatusCode.Unauthorized, "NotAuthorizedException");
    }

    [Test]
    public async Task A_token_the_emulator_did_not_issue_or_none_is_NotAuthorized_and_not_echoed()
    {
        const string forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        var unknown = (await GetAsync($"{Kvs.DataEndpoint}hls/v1/getHLSMasterPlaylist.m3u8?SessionToken={forged}")).Error(HttpStatusCode.Unauthorized, "NotAuthorizedException");
        (await GetAsync($"{Kvs.DataEndpoint}dash/v1/getDASHManifest.mpd")).Error(HttpStatusCode.Unauthorized, "NotAuthorizedException");

        Assert.That(unknown.Message, Does.Not.Contain(forged));
    }

    [Test]
    public async Task A_token_serves_only_its_own_protocol()
    {
        var hls = await SessionUrlAsync("/getHLSStreamingSessionURL", "HLSStreamingSessionURL");

        (await GetAsync($"{Kvs.DataEndpoint}dash/v1/getDASHManifest.mpd?SessionToken={Token(hls)}")).Error(HttpStatusCode.Unauthorized, "NotAuthorizedException");
    }

    [Test]
    public async Task A_session_of_a_deleted_stream_is_ResourceNotFound()
    {
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", "HLSStreamingSessionURL");

        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{StreamArn}}"}""")).Ok();

        (await GetAsync(url)).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task Other_paths_under_the_session_prefixes_are_unknown_operations()
    {
        var url = await SessionUrlAsync("/getHLSStreamingSessionURL", "HLSStreamingSessionURL");

        (await GetAsync($"{Kvs.DataEndpoint}hls/v1/getSomethingElse.m3u8?SessionToken={Token(url)}")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    private async Task<string> SessionUrlAsync(string operation, string member, string extra = "")
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);
        return (await Data.PostAsync(operation, $$"""{"StreamName":"{{Stream}}"{{extra}}}""")).Ok().String(member);
    }

    private async Task<EmulatorResponse> GetAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url)).WaitAsync(TimeSpan.FromSeconds(10));
        return await EmulatorResponse.ReadAsync(response);
    }

    private static string Token(string url) => url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..];
}
