using Amazon.Runtime;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.Interop;

/// <summary>
/// The SDK's typed clients against the emulator, both on the real clock: each test gets a fresh
/// emulator (GetMedia ends a caught-up response after a short idle time, so reads end quickly) and
/// clients that find the data endpoint through GetDataEndpoint, as against AWS.
/// </summary>
public abstract class InteropTest
{
    private protected KinesisVideoEmulator Kvs { get; private set; } = null!;

    private protected KinesisVideoClient ControlPlane { get; private set; } = null!;

    private protected KinesisVideoMediaClient Media { get; private set; } = null!;

    private protected KinesisVideoArchivedMediaClient ArchivedMedia { get; private set; } = null!;

    [SetUp]
    public async Task StartEmulator()
    {
        Kvs = await KinesisVideoEmulator.StartAsync(new KinesisVideoEmulatorOptions
        {
            Media = new MediaLimits { GetMediaIdleTimeout = TimeSpan.FromMilliseconds(300) },
        });
        ControlPlane = new KinesisVideoClient(ClientOptions());
        Media = new KinesisVideoMediaClient(ClientOptions());
        ArchivedMedia = new KinesisVideoArchivedMediaClient(ClientOptions());
    }

    [TearDown]
    public async Task StopEmulator()
    {
        ControlPlane.Dispose();
        Media.Dispose();
        ArchivedMedia.Dispose();
        await Kvs.DisposeAsync();
    }

    private protected KinesisVideoClientOptions ClientOptions() => new()
    {
        Region = Kvs.Region,
        ServiceUrl = Kvs.ServiceUrl,
        Credentials = new BasicAWSCredentials(Kvs.Credentials[0].AccessKeyId, Kvs.Credentials[0].SecretAccessKey),
    };

    /// <summary>
    /// Client options that log to <paramref name="logs"/> and wait nothing between retries and
    /// resumes: interop tests run on the real clock and never wait on it (delays are tested on the fake clock).
    /// </summary>
    private protected KinesisVideoClientOptions ClientOptionsWithoutDelays(ILoggerFactory logs)
    {
        var options = ClientOptions();
        options.LoggerFactory = logs;
        options.Retry.BaseDelay = TimeSpan.Zero;
        options.Retry.MaxDelay = TimeSpan.Zero;
        options.GetMedia.ResumeBaseDelay = TimeSpan.Zero;
        options.GetMedia.ResumeMaxDelay = TimeSpan.Zero;
        return options;
    }

    /// <summary>
    /// A time an hour before the emulator's clock reads now, in whole milliseconds as the service's
    /// timestamps are: seeded fragments stay well inside the streams' retention, whatever the date
    /// the suite runs on.
    /// </summary>
    private protected DateTimeOffset AnHourAgo =>
        DateTimeOffset.FromUnixTimeMilliseconds(Kvs.State.Time.GetUtcNow().ToUnixTimeMilliseconds()).AddHours(-1);

    private protected async Task<string> CreateStreamAsync(string name, int retentionHours = 24) =>
        (await ControlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = name, DataRetentionInHours = retentionHours })).StreamARN!;
}
