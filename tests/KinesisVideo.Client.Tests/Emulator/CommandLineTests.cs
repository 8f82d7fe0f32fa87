using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Hosting;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>The standalone server's command line.</summary>
public class CommandLineTests
{
    [Test]
    public void Without_arguments_the_documented_defaults_apply()
    {
        var options = CommandLine.Parse([])!;

        Assert.Multiple(() =>
        {
            Assert.That(options.Port, Is.EqualTo(4567));
            Assert.That(options.Region, Is.EqualTo("us-west-2"));
            Assert.That(options.AccountId, Is.EqualTo("123456789012"));
            Assert.That(options.Credentials, Is.Empty, "the emulator then accepts EmulatorCredentials.Default");
        });
    }

    [Test]
    public void Key_pairs_repeat_and_a_session_token_belongs_to_the_pair_before_it()
    {
        var options = CommandLine.Parse(["--port", "4599", "--region", "eu-central-1", "--access-key", "AK1", "--secret-key", "S1", "--access-key", "AK2", "--secret-key", "S2", "--session-token", "T2", "--stream-limit", "5"])!;

        Assert.Multiple(() =>
        {
            Assert.That(options.Port, Is.EqualTo(4599));
            Assert.That(options.Region, Is.EqualTo("eu-central-1"));
            Assert.That(options.AccountStreamLimit, Is.EqualTo(5));
            Assert.That(options.Credentials, Is.EqualTo(new[] { new EmulatorCredentials("AK1", "S1"), new EmulatorCredentials("AK2", "S2", "T2") }));
        });
    }

    [Test]
    public void Help_returns_no_options_and_the_usage_names_every_option()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandLine.Parse(["--help"]), Is.Null);
            Assert.That(CommandLine.Usage, Does.Contain("--port").And.Contain("--access-key").And.Contain(EmulatorCredentials.DefaultAccessKeyId));
        });
    }

    [Test]
    public void Help_describes_what_the_emulator_serves_today()
    {
        Assert.That(CommandLine.Usage, Does.Contain("PutMedia").And.Contain("GetMedia").And.Contain("HLS").And.Contain("DASH")
            .And.Contain("GetClip").And.Contain("GetImages").And.Contain("GetDataEndpoint").And.Not.Contain("control plane and signaling endpoint."));
    }

    [Test]
    public async Task The_banner_prints_the_secret_key_beside_the_access_key_and_the_region_to_sign_for()
    {
        var options = new KinesisVideoEmulatorOptions { Region = "eu-central-1" };
        options.Credentials.Add(new EmulatorCredentials("AKIDBANNER", "banner-secret", "banner-token"));
        await using var emulator = await KinesisVideoEmulator.StartAsync(options);

        var lines = Banner.For(emulator).Split(Environment.NewLine);

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo($"Kinesis Video Streams emulator listening on {emulator.ServiceUrl}"));
            var access = Array.FindIndex(lines, l => l.Contains("AKIDBANNER", StringComparison.Ordinal));
            Assert.That(lines[access + 1], Does.Contain("secret key").And.Contain("banner-secret"), "the secret key follows its access key");
            Assert.That(lines[access + 2], Does.Contain("banner-token"));
            Assert.That(lines, Has.Some.Contains("region").And.Some.Contains("eu-central-1"));
            Assert.That(lines, Has.Some.Contains(emulator.DataEndpoint.ToString()));
            Assert.That(lines, Has.Some.Contains($"aws --endpoint-url {emulator.ServiceUrl.GetLeftPart(UriPartial.Authority)} kinesisvideo list-streams"));
        });
    }

    [TestCase("--port", "70000")]
    [TestCase("--access-key", "AK1")]
    [TestCase("--secret-key", "S1")]
    [TestCase("--account-id", "12")]
    [TestCase("--bogus", "1")]
    [TestCase("--port")]
    public void Bad_arguments_are_refused(params string[] args) =>
        Assert.That(() => CommandLine.Parse(args), Throws.InstanceOf<FormatException>());

    [Test]
    public void The_default_port_constant_matches_the_command_line_default() =>
        Assert.That(CommandLine.Parse([])!.Port, Is.EqualTo(KinesisVideoEmulatorOptions.DefaultPort));
}
