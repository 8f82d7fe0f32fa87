using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>Real codec frames for producers in tests: the tracks and frames of a committed sample MKV.</summary>
internal static class SampleFrames
{
    /// <summary>
    /// The tracks and frames of <paramref name="name"/> (in tests/.../Mkv/Samples), timecodes in ms from
    /// the file's start, starting at the first video key frame: a KVS fragment starts at one, so audio
    /// before it is dropped, as producers drop it.
    /// </summary>
    public static (MkvTrackEntry[] Tracks, List<InputFrame> Frames) Read(string name) => ReadFile(TestInputs.Sample(name));

    /// <summary>The same for an MKV file anywhere (one a test encoded with ffmpeg).</summary>
    public static (MkvTrackEntry[] Tracks, List<InputFrame> Frames) ReadFile(string path)
    {
        var tracks = new List<MkvTrackEntry>();
        var frames = new List<InputFrame>();
        var reader = new MkvStreamReader();
        var rest = new ReadOnlySequence<byte>(File.ReadAllBytes(path));
        while (reader.TryRead(rest, out var item, out var consumed, out _))
        {
            if (item.Kind == MkvEventKind.TrackEntry)
            {
                tracks.Add(item.TrackEntry!);
            }
            else if (item.Kind == MkvEventKind.Frame)
            {
                frames.Add(new InputFrame(item.Frame.TrackNumber, item.Frame.Timecode, item.Frame.IsKeyFrame, item.Frame.ToArray()));
            }

            rest = rest.Slice(consumed);
        }

        var video = tracks.First(t => t.TrackType == MkvTrackType.Video).TrackNumber;
        return ([.. tracks], [.. frames.SkipWhile(f => f.Track != video || !f.IsKey)]);
    }
}
