using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

/// <summary>
/// A producer's MKV as the client library's <see cref="KvsMkvWriter"/> writes it: the header, then
/// fragments of seeded pseudo-random frames on every track (or frames the test gives), with
/// metadata and the end-of-fragment marker where asked.
/// </summary>
internal sealed class ProducerMkv
{
    private readonly KvsMkvWriter _writer;
    private readonly Random _random = new(7);

    public ProducerMkv(params MkvTrackEntry[] tracks)
        : this(1_000_000, tracks)
    {
    }

    public ProducerMkv(long timecodeScale, params MkvTrackEntry[] tracks)
    {
        Tracks = tracks.Length == 0 ? [MediaSeeding.VideoTrack] : tracks;
        _writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = Tracks, TimecodeScale = timecodeScale });
    }

    public MkvTrackEntry[] Tracks { get; }

    public byte[] Header() => Write(_writer.WriteHeader);

    /// <summary>
    /// A fragment (Cluster) at <paramref name="timecode"/>: <paramref name="frames"/> frames per track,
    /// <paramref name="interval"/> ticks apart, the first a key frame; metadata Tags before it and the
    /// end-of-fragment marker after it when asked.
    /// </summary>
    public byte[] Fragment(long timecode, int frames = 3, int interval = 40, bool endOfFragment = false, params (string Name, string Value)[] metadata) => Write(output =>
    {
        foreach (var (name, value) in metadata)
        {
            _writer.WriteFragmentMetadata(output, name, value);
        }

        for (var i = 0; i < frames; i++)
        {
            foreach (var track in Tracks)
            {
                var data = new byte[_random.Next(16, 256)];
                _random.NextBytes(data);
                _writer.WriteFrame(output, track.TrackNumber, timecode + (i * interval) + (long)track.TrackNumber - 1, i == 0, data);
            }
        }

        if (endOfFragment)
        {
            _writer.WriteEndOfFragment(output);
        }
    });

    /// <summary>One frame, starting a fragment when the writer says so.</summary>
    public byte[] Frame(ulong track, long timecode, bool isKeyFrame, ReadOnlySpan<byte> data)
    {
        var output = new ArrayBufferWriter<byte>();
        _writer.WriteFrame(output, track, timecode, isKeyFrame, data);
        return output.WrittenSpan.ToArray();
    }

    public byte[] EndOfFragment() => Write(_writer.WriteEndOfFragment);

    /// <summary>A level-1 Tags element with one SimpleTag, written without the writer's name checks (for names it refuses).</summary>
    public static byte[] RawTags(string name, string value) => Write(output => output.WriteTags([new(name, value)], sizeLength: 8));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Write(Action<ArrayBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return output.WrittenSpan.ToArray();
    }
}
