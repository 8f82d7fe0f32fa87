using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Support;

/// <summary>
/// The PutMedia session against a fresh emulator, both on one fake clock: staleness, rotation,
/// backoff and the emulator's timers move only when the test advances the clock, so nothing sleeps.
/// Network traffic itself is real, over 127.0.0.1.
/// </summary>
public abstract class PutMediaClientTest
{
    private protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private protected FakeTimeProvider Time { get; private set; } = null!;

    private protected KinesisVideoEmulator Kvs { get; private set; } = null!;

    private protected KinesisVideoClient ControlPlane { get; private set; } = null!;

    private protected KinesisVideoMediaClient Media { get; private set; } = null!;

    private protected CapturingLoggerProvider Logs { get; private set; } = null!;

    /// <summary>Options of the emulator each test starts; override to change them.</summary>
    private protected virtual void Configure(KinesisVideoEmulatorOptions options)
    {
    }

    /// <summary>Options of the clients each test makes; override to change them.</summary>
    private protected virtual void Configure(KinesisVideoClientOptions options)
    {
    }

    [SetUp]
    public async Task StartEmulator()
    {
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Logs = new CapturingLoggerProvider();
        var emulator = new KinesisVideoEmulatorOptions { TimeProvider = Time };
        Configure(emulator);
        Kvs = await KinesisVideoEmulator.StartAsync(emulator);
        ControlPlane = new KinesisVideoClient(ClientOptions());
        Media = new KinesisVideoMediaClient(ClientOptions());
    }

    [TearDown]
    public async Task StopEmulator()
    {
        ControlPlane.Dispose();
        Media.Dispose();
        await Kvs.DisposeAsync();
        Logs.Dispose();
    }

    private protected KinesisVideoClientOptions ClientOptions()
    {
        var options = new KinesisVideoClientOptions
        {
            Region = Kvs.Region,
            ServiceUrl = Kvs.ServiceUrl,
            Credentials = new BasicAWSCredentials(Kvs.Credentials[0].AccessKeyId, Kvs.Credentials[0].SecretAccessKey),
            TimeProvider = Time,
            LoggerFactory = Logs,
        };
        Configure(options);
        return options;
    }

    private protected async Task CreateStreamAsync(string name, int retentionHours = 24) =>
        await ControlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = name, DataRetentionInHours = retentionHours });

    private protected PutMediaSessionOptions SessionOptions(string stream) => new()
    {
        StreamName = stream,
        Tracks = [SyntheticVideo.Track],
        TimestampOrigin = Time.GetUtcNow(),
    };

    private protected Task<PutMediaSession> StartAsync(string stream) => Media.StartPutMediaAsync(SessionOptions(stream)).WaitAsync(Wait);

    /// <summary>The fragments the emulator stored for <paramref name="stream"/>.</summary>
    private protected IReadOnlyList<StoredFragment> Stored(string stream) => [.. MediaSeeding.MediaOf(Kvs, stream).Snapshot().Select(s => s.Fragment)];

    /// <summary>Reads the session's events until one matches <paramref name="match"/>, and returns those read.</summary>
    private protected static async Task<List<PutMediaEvent>> ReadUntilAsync(IAsyncEnumerator<PutMediaEvent> events, Func<PutMediaEvent, bool> match)
    {
        var read = new List<PutMediaEvent>();
        using var timeout = new CancellationTokenSource(Wait);
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
            read.Add(events.Current);
            if (match(events.Current))
            {
                return read;
            }
        }

        throw new AssertionException($"The events ended without a match; read: {string.Join(", ", read)}");
    }

    /// <summary>
    /// Moves the fake clock forward in small steps until <paramref name="condition"/> holds: for waits
    /// the code under test makes on the clock (a backoff, a staleness timeout) whose exact moment
    /// depends on real network events.
    /// </summary>
    private protected async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? step = null)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(2, timeout.Token);
        }
    }

    /// <summary>Writes <paramref name="frames"/> to <paramref name="session"/>.</summary>
    private protected static async Task WriteAsync(PutMediaSession session, IEnumerable<MediaFrame> frames)
    {
        foreach (var frame in frames)
        {
            await session.WriteFrameAsync(frame).AsTask().WaitAsync(Wait);
        }
    }

    private protected static bool IsAck(PutMediaEvent e, PutMediaAckEventType type, long? timecode = null) =>
        e is PutMediaAcknowledgement ack && ack.EventType == type && (timecode is null || ack.FragmentTimecode == timecode);
}
