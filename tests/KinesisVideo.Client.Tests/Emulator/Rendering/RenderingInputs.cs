using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Rendering;

/// <summary>Tracks and stored fragments whose every field the rendering tests know.</summary>
internal static class RenderingInputs
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static MediaTrack Video { get; } = MediaTrack.From(MediaSeeding.VideoTrack);

    public static MediaTrack Audio { get; } = MediaTrack.From(MediaSeeding.AudioTrack);

    /// <summary>
    /// A fragment whose frames are length-prefixed NAL units (4-byte lengths), video at the given
    /// relative timecodes (decode order), and AAC frames every 21 ms when <paramref name="audioFrames"/> is positive.
    /// </summary>
    public static StoredFragment Fragment(short[] videoTimecodes, int audioFrames = 0, DateTimeOffset? at = null, string number = "91343852333181432511524306419788296366724229586")
    {
        var tracks = audioFrames > 0 ? new[] { MediaSeeding.VideoTrack, MediaSeeding.AudioTrack } : new[] { MediaSeeding.VideoTrack };
        var frames = new List<StoredFrame>();
        for (var i = 0; i < videoTimecodes.Length; i++)
        {
            var nal = new byte[20 + (i * 7)];
            nal[0] = (byte)(i == 0 ? 0x65 : 0x41);
            frames.Add(new StoredFrame(1, videoTimecodes[i], i == 0, (byte[])[0, 0, 0, (byte)nal.Length, .. nal]));
        }

        for (var i = 0; i < audioFrames; i++)
        {
            frames.Add(new StoredFrame(2, (short)(i * 21), true, Enumerable.Repeat((byte)i, 30 + i).ToArray()));
        }

        var time = at ?? Start;
        return new StoredFragment
        {
            FragmentNumber = number,
            ServerTimestamp = time,
            ProducerTimestamp = time,
            ClusterTimecode = time.ToUnixTimeMilliseconds(),
            Duration = TimeSpan.FromMilliseconds(videoTimecodes.Max()),
            SizeInBytes = frames.Sum(f => f.Data.Length),
            Header = MediaSeeding.Header(tracks),
            Frames = frames,
            Metadata = [],
            IsPersisted = true,
        };
    }

    public static MkvTrackEntry[] Entries(bool withAudio) => withAudio ? [MediaSeeding.VideoTrack, MediaSeeding.AudioTrack] : [MediaSeeding.VideoTrack];
}
