using System.Net;
using System.Net.Http.Json;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Samples.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.Samples;

/// <summary>
/// docs/samples/AspNetCore booted with WebApplicationFactory against the emulator in the same
/// process: configured only through its "AWS" and "KinesisVideo" sections and a credentials file,
/// as a deployed app would be, with the emulator's fake clock as the app's TimeProvider.
/// </summary>
public class AspNetCoreSampleTests : EmulatorTest
{
    private string _credentialsFile = null!;

    [SetUp]
    public async Task WriteProfileAndStreams()
    {
        var pair = Kvs.Credentials[0];
        _credentialsFile = Path.Combine(Path.GetTempPath(), "kvs-sample-" + Guid.NewGuid().ToString("N") + ".ini");
        await File.WriteAllTextAsync(_credentialsFile, $"[emulator]\naws_access_key_id = {pair.AccessKeyId}\naws_secret_access_key = {pair.SecretAccessKey}\n");
        await CreateStreamAsync("front-door");
        await CreateStreamAsync("garden");
    }

    [TearDown]
    public void DeleteProfile() => File.Delete(_credentialsFile);

    [Test]
    public async Task Streams_lists_every_stream_of_the_account()
    {
        await using var app = Sample();
        using var http = app.CreateClient();

        var streams = await http.GetFromJsonAsync<List<StreamSummary>>("/streams");

        Assert.That(streams!.Select(s => (s.Name, s.Status)), Is.EquivalentTo(new[] { ("front-door", "ACTIVE"), ("garden", "ACTIVE") }));
    }

    [Test]
    public async Task Hls_gives_a_live_session_url_on_the_stream_s_data_endpoint()
    {
        MediaSeeding.Seed(Kvs, "front-door", count: 3, start: Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        await using var app = Sample();
        using var http = app.CreateClient();

        var session = await http.GetFromJsonAsync<HlsSession>("/streams/front-door/hls");
        var missing = await http.GetAsync(new Uri("/streams/nobody/hls", UriKind.Relative));
        var idle = await http.GetAsync(new Uri("/streams/garden/hls", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(new Uri(session!.Url).GetLeftPart(UriPartial.Authority), Is.EqualTo(Kvs.DataEndpoint.GetLeftPart(UriPartial.Authority)));
            Assert.That(session.Url, Does.Contain("SessionToken="));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no such stream");
            Assert.That(idle.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing ingested in the last 30 seconds");
        });
    }

    [Test]
    public async Task The_health_check_calls_DescribeStream_and_fails_when_the_stream_goes()
    {
        await using var app = Sample(("Sample:HealthStream", "front-door"));
        using var http = app.CreateClient();

        var healthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        await DeleteStreamAsync("front-door");
        var unhealthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await healthy.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
            Assert.That(unhealthy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await unhealthy.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        });
    }

    [Test]
    public void A_bad_setting_stops_the_app_at_start_up_naming_the_key()
    {
        var log = new CapturingLoggerProvider();
        using var app = Sample(("KinesisVideo:Retry:MaxRetries", "-1"))
            .WithWebHostBuilder(host => host.ConfigureLogging(logging => logging.AddProvider(log)));

        // WebApplicationFactory races the app's own thread when start-up fails: the caller gets the
        // OptionsValidationException, or an ObjectDisposedException when the app disposed its host
        // first (dotnet/aspnetcore#33494). Either way the app stopped, and what it said on the way
        // down is the host's "failed to start" entry (event 11), logged before either exception.
        Assert.Catch(() => app.CreateClient());

        var failure = log.Entries.Single(entry => entry.Contains("Hosting failed to start", StringComparison.Ordinal));
        Assert.That(failure, Does.Contain("OptionsValidationException: KinesisVideo:Retry:MaxRetries: Retry.MaxRetries must be between 0 and 100"));
    }

    private WebApplicationFactory<Program> Sample(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("AWS:Region", Kvs.Region);
            host.UseSetting("AWS:ServiceURL", Kvs.ServiceUrl.ToString());
            host.UseSetting("AWS:Profile", "emulator");
            host.UseSetting("AWS:ProfilesLocation", _credentialsFile);
            host.UseSetting("KinesisVideo:AttemptTimeout", "00:00:30");
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }

            // The app's clock is the emulator's: signatures, session expiries and the LIVE window agree.
            host.ConfigureServices(services => services.AddSingleton<TimeProvider>(Time));
        });

    private async Task DeleteStreamAsync(string name)
    {
        var arn = (await Caller.PostAsync("/describeStream", $$"""{"StreamName":"{{name}}"}""")).Ok().Body.GetProperty("StreamInfo").GetProperty("StreamARN").GetString();
        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{arn}}"}""")).Ok();
    }
}
