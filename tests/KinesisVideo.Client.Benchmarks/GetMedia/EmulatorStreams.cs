using System.Buffers;
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Benchmarks.GetMedia;

/// <summary>
/// An in-process emulator with streams whose fragments the benchmarks put straight into its store
/// (bypassing PutMedia, so only the read side is measured), and client options pointing at it.
/// </summary>
internal sealed class EmulatorStreams : IAsyncDisposable
{
    private static readonly MkvTrackEntry s_video = new()
    {
        TrackNumber = 1,
        TrackUid = 1,
        TrackType = MkvTrackType.Video,
        CodecId = MkvTrackEntry.H264CodecId,
        PixelWidth = 1920,
        PixelHeight = 1080,
        CodecPrivate = Convert.FromHexString("01640028FFE1001B6764002863ACB2007800227E5C04400000030040000007823C60C92001000568EBECB22C"),
    };

    private readonly ProducerHeader _header;
    private readonly byte[] _frameBytes;

    private EmulatorStreams(KinesisVideoEmulator emulator)
    {
        Emulator = emulator;
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [s_video] });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        _header = new ProducerHeader(output.WrittenMemory.ToArray(), writer.TimecodeScale, [s_video]);
        _frameBytes = new byte[256 * 1024];
        new Random(1080).NextBytes(_frameBytes);
    }

    public KinesisVideoEmulator Emulator { get; }

    public static async Task<EmulatorStreams> StartAsync(MediaLimits limits, params string[] streams)
    {
        var emulator = await KinesisVideoEmulator.StartAsync(new KinesisVideoEmulatorOptions { Media = limits });
        var started = new EmulatorStreams(emulator);
        using var control = new KinesisVideoClient(started.ClientOptions());
        foreach (var stream in streams)
        {
            await control.CreateStreamAsync(new CreateStreamRequest { StreamName = stream, DataRetentionInHours = 24 });
        }

        return started;
    }

    public KinesisVideoClientOptions ClientOptions()
    {
        var pair = Emulator.Credentials[0];
        return new KinesisVideoClientOptions
        {
            Region = Emulator.Region,
            ServiceUrl = Emulator.ServiceUrl,
            Credentials = new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey),
        };
    }

    public StreamMedia Media(string stream)
    {
        lock (Emulator.State.Gate)
        {
            return Emulator.State.Streams.Resolve(stream, null).Media;
        }
    }

    /// <summary>A fragment of <paramref name="frameSizes"/> frames (the first a key frame), 33 ms apart, at <paramref name="at"/>.</summary>
    public StoredFragment Fragment(DateTimeOffset at, IReadOnlyList<int> frameSizes, int seed)
    {
        var random = new Random(seed);
        var frames = new StoredFrame[frameSizes.Count];
        for (var i = 0; i < frames.Length; i++)
        {
            var size = frameSizes[i];
            frames[i] = new StoredFrame(1, (short)(i * 33), i == 0, _frameBytes.AsMemory(random.Next(_frameBytes.Length - size), size));
        }

        return new StoredFragment
        {
            FragmentNumber = Emulator.State.FragmentNumbers.Next(),
            ServerTimestamp = at,
            ProducerTimestamp = at,
            ClusterTimecode = at.ToUnixTimeMilliseconds(),
            Duration = TimeSpan.FromMilliseconds(33 * (frames.Length - 1)),
            SizeInBytes = frameSizes.Sum() + (16 * frames.Length),
            Header = _header,
            Frames = frames,
            Metadata = [],
            IsPersisted = true,
        };
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
