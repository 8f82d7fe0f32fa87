using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>
/// Puts fragments straight into an emulator's store, bypassing PutMedia, so the read side
/// (GetMedia, ListFragments, ...) is tested on fragments whose every byte the test knows.
/// Headers are written by the client's <see cref="KvsMkvWriter"/>, frames are seeded pseudo-random bytes.
/// </summary>
internal static class MediaSeeding
{
    public static MkvTrackEntry VideoTrack { get; } = new()
    {
        TrackNumber = 1,
        TrackUid = 1,
        TrackType = MkvTrackType.Video,
        CodecId = MkvTrackEntry.H264CodecId,
        PixelWidth = 640,
        PixelHeight = 480,
        CodecPrivate = Convert.FromHexString("014D401FFFE1000A674D401FE8805005B90101000468EE3880"),
    };

    public static MkvTrackEntry AudioTrack { get; } = new()
    {
        TrackNumber = 2,
        TrackUid = 2,
        TrackType = MkvTrackType.Audio,
        CodecId = MkvTrackEntry.AacCodecId,
        SamplingFrequency = 48000,
        Channels = 2,
        CodecPrivate = new byte[] { 0x11, 0x90 },
    };

    /// <summary>A producer header as a PutMedia connection would send it, declaring <paramref name="tracks"/> (video alone by default).</summary>
    public static ProducerHeader Header(params MkvTrackEntry[] tracks)
    {
        tracks = tracks.Length == 0 ? [VideoTrack] : tracks;
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = tracks });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        return new ProducerHeader(output.WrittenMemory.ToArray(), writer.TimecodeScale, tracks);
    }

    /// <summary>
    /// A fragment of <paramref name="frameCount"/> frames on every track of <paramref name="header"/>,
    /// <paramref name="frameInterval"/> apart, the first a key frame, starting at <paramref name="producerTimestamp"/>
    /// (an ABSOLUTE producer: the Cluster timecode is epoch milliseconds). Numbered by the emulator's generator.
    /// </summary>
    public static StoredFragment Fragment(
        KinesisVideoEmulator emulator,
        ProducerHeader header,
        DateTimeOffset producerTimestamp,
        DateTimeOffset serverTimestamp,
        int frameCount = 3,
        TimeSpan? frameInterval = null,
        bool persisted = true,
        IReadOnlyList<KeyValuePair<string, string>>? metadata = null,
        int seed = 0) =>
        Fragment(emulator.State.FragmentNumbers.Next(), header, producerTimestamp, serverTimestamp, frameCount, frameInterval, persisted, metadata, seed);

    /// <summary>The same fragment numbered <paramref name="fragmentNumber"/>, for tests that write documents without an emulator.</summary>
    public static StoredFragment Fragment(
        string fragmentNumber,
        ProducerHeader header,
        DateTimeOffset producerTimestamp,
        DateTimeOffset serverTimestamp,
        int frameCount = 3,
        TimeSpan? frameInterval = null,
        bool persisted = true,
        IReadOnlyList<KeyValuePair<string, string>>? metadata = null,
        int seed = 0)
    {
        var interval = (short)(frameInterval ?? TimeSpan.FromMilliseconds(40)).TotalMilliseconds;
        var random = new Random(seed);
        var frames = new List<StoredFrame>();
        for (var i = 0; i < frameCount; i++)
        {
            foreach (var track in header.Tracks)
            {
                var data = new byte[random.Next(16, 512)];
                random.NextBytes(data);
                frames.Add(new StoredFrame(track.TrackNumber, (short)(i * interval), i == 0, data));
            }
        }

        return new StoredFragment
        {
            FragmentNumber = fragmentNumber,
            ServerTimestamp = serverTimestamp,
            ProducerTimestamp = producerTimestamp,
            ClusterTimecode = producerTimestamp.ToUnixTimeMilliseconds(),
            Duration = TimeSpan.FromMilliseconds(interval * (frameCount - 1)),
            SizeInBytes = frames.Sum(f => f.Data.Length + 16) + 32,
            Header = header,
            Frames = frames,
            Metadata = metadata ?? [],
            IsPersisted = persisted,
        };
    }

    /// <summary>The media store of the stream named <paramref name="streamName"/>.</summary>
    public static StreamMedia MediaOf(KinesisVideoEmulator emulator, string streamName)
    {
        lock (emulator.State.Gate)
        {
            return emulator.State.Streams.Resolve(streamName, null).Media;
        }
    }

    /// <summary>Seeds <paramref name="count"/> fragments, one second apart, the first at <paramref name="start"/> (producer and server time alike).</summary>
    public static IReadOnlyList<StoredFragment> Seed(KinesisVideoEmulator emulator, string streamName, int count, DateTimeOffset start, ProducerHeader? header = null)
    {
        header ??= Header();
        var media = MediaOf(emulator, streamName);
        var fragments = new List<StoredFragment>();
        for (var i = 0; i < count; i++)
        {
            var at = start + TimeSpan.FromSeconds(i);
            var fragment = Fragment(emulator, header, at, at, seed: i);
            media.Append(fragment);
            fragments.Add(fragment);
        }

        return fragments;
    }
}
