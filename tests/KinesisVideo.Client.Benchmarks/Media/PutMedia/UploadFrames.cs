using System.Buffers;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// The frames both sides of an upload benchmark send: one H.264 track, 25 fps, a key frame opening
/// each 1-second fragment, payloads of random bytes; and the same frames as the MKV a producer
/// writes, for the plain-socket baseline.
/// </summary>
internal sealed class UploadFrames
{
    public const int FramesPerFragment = 25;

    // What libx264 writes for 1920x1080 yuv420p (High, level 4.0), as an avcC.
    private static readonly byte[] s_avcc = Convert.FromHexString("01640028FFE1001B67640028ACD940780227E5C044000003000400000300F03C60C6580100066 8EBE3CB22C0".Replace(" ", string.Empty, StringComparison.Ordinal));

    public UploadFrames(int fragments, int frameBytes)
    {
        var random = new Random(frameBytes);
        var payload = new byte[frameBytes];
        random.NextBytes(payload);
        Frames = [.. Enumerable.Range(0, fragments * FramesPerFragment).Select(i => new MediaFrame(1, TimeSpan.FromMilliseconds(40 * i), i % FramesPerFragment == 0, payload))];
        PayloadBytes = (long)Frames.Length * frameBytes;
    }

    public static MediaTrack Track { get; } = MediaTrack.H264(s_avcc);

    public MediaFrame[] Frames { get; }

    public long PayloadBytes { get; }

    /// <summary>The MKV a producer sends for <see cref="Frames"/> with ABSOLUTE timecodes from <paramref name="origin"/>.</summary>
    public byte[] Mkv(DateTimeOffset origin)
    {
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [Track.ToTrackEntry(1)] });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        foreach (var frame in Frames)
        {
            writer.WriteFrame(output, 1, origin.ToUnixTimeMilliseconds() + (long)frame.Timestamp.TotalMilliseconds, frame.IsKeyFrame, frame.Data.Span);
        }

        writer.WriteEndOfFragment(output);
        return output.WrittenSpan.ToArray();
    }
}
