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
