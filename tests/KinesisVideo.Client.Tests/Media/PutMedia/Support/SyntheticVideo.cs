using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Support;

/// <summary>
/// Frames for PutMedia tests whose every byte the test knows: one H.264 track (a real SPS/PPS), 25
/// frames a second, a key frame opening each fragment, payloads of seeded pseudo-random bytes.
/// </summary>
internal static class SyntheticVideo
{
    public static MediaTrack Track { get; } = MediaTrack.H264(MediaSeeding.VideoTrack.CodecPrivate);

    public static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(40);

    /// <summary>Frame <paramref name="index"/> of a stream whose fragments have <paramref name="framesPerFragment"/> frames.</summary>
    public static MediaFrame Frame(int index, int framesPerFragment = 5, int minBytes = 64, int maxBytes = 1024)
    {
        var random = new Random(index);
        var data = new byte[random.Next(minBytes, maxBytes)];
        random.NextBytes(data);
        return new MediaFrame(1, FrameInterval * index, index % framesPerFragment == 0, data);
    }

    /// <summary>The frames of <paramref name="fragments"/> fragments.</summary>
    public static IEnumerable<MediaFrame> Frames(int fragments, int framesPerFragment = 5, int minBytes = 64, int maxBytes = 1024) =>
        Enumerable.Range(0, fragments * framesPerFragment).Select(i => Frame(i, framesPerFragment, minBytes, maxBytes));
}
