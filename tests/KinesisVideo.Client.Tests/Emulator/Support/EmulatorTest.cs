using Amazon.Runtime;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>
/// A test class whose every test gets a fresh emulator on a fake clock, and a caller signed with the
/// emulator's default key pair at the same clock.
/// </summary>
public abstract class EmulatorTest
{
    private protected KinesisVideoEmulator Kvs { get; private set; } = null!;

    private protected FakeTimeProvider Time { get; private set; } = null!;

    private protected SignedCaller Caller { get; private set; } = null!;

    // The emulator's clock: the fake one unless Configure chose another; callers sign at its time.
    private TimeProvider _clock = null!;

    /// <summary>Options of the emulator each test starts; override to change them.</summary>
    private protected virtual void Configure(KinesisVideoEmulatorOptions options)
    {
    }

    [SetUp]
    public async Task StartEmulator()
    {
        Time = new FakeTimeProvider();
        var options = new KinesisVideoEmulatorOptions { TimeProvider = Time };
        Configure(options);
        _clock = options.TimeProvider;
        Kvs = await KinesisVideoEmulator.StartAsync(options);
        Caller = CallerFor(Kvs.ServiceUrl);
    }

    [TearDown]
    public async Task StopEmulator()
    {
        Caller.Dispose();
        await Kvs.DisposeAsync();
    }

    /// <summary>A caller to <paramref name="url"/> signed with the emulator's first key pair (or <paramref name="credentials"/>).</summary>
    private protected SignedCaller CallerFor(Uri url, AWSCredentials? credentials = null)
    {
        var pair = Kvs.Credentials[0];
        return new SignedCaller(url, Kvs.Region, credentials ?? new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey), _clock);
    }

    private protected async Task<string> CreateStreamAsync(string name, int retentionHours = 24)
    {
        var response = (await Caller.PostAsync("/createStream", $$"""{"StreamName":"{{name}}","DataRetentionInHours":{{retentionHours}}}""")).Ok();
        return response.String("StreamARN");
    }

    private protected async Task<string> CreateChannelAsync(string name)
    {
        var response = (await Caller.PostAsync("/createSignalingChannel", $$"""{"ChannelName":"{{name}}"}""")).Ok();
        return response.String("ChannelARN");
    }

    private protected async Task<string> StreamVersionAsync(string name) =>
        (await Caller.PostAsync("/describeStream", $$"""{"StreamName":"{{name}}"}""")).Ok().Body.GetProperty("StreamInfo").GetProperty("Version").GetString()!;

    private protected async Task<string> ChannelVersionAsync(string arn) =>
        (await Caller.PostAsync("/describeSignalingChannel", $$"""{"ChannelARN":"{{arn}}"}""")).Ok().Body.GetProperty("ChannelInfo").GetProperty("Version").GetString()!;
}
