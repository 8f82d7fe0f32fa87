using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>
/// Stored fragments made of a committed sample's real frames (so a decoder accepts them): one per
/// key frame, as a RELATIVE producer would cut them, under a producer header declaring the sample's track.
/// </summary>
internal static class SampleFragments
{
    public static List<StoredFragment> From(KinesisVideoEmulator emulator, string sample, DateTimeOffset start) =>
        From(emulator.State.FragmentNumbers.Next, sample, start);

    /// <summary>The same fragments, numbered by <paramref name="nextNumber"/> (for documents written without an emulator).</summary>
    public static List<StoredFragment> From(Func<string> nextNumber, string sample, DateTimeOffset start)
    {
        var (track, frames) = Read(sample);
        var header = MediaSeeding.Header(track);
        var fragments = new List<StoredFragment>();
        var keys = frames.Select((f, i) => (f, i)).Where(x => x.f.IsKeyFrame).Select(x => x.i).Append(frames.Count).ToList();
        for (var k = 0; k + 1 < keys.Count; k++)
        {
            var group = frames.GetRange(keys[k], keys[k + 1] - keys[k]);
            var clusterTimecode = group[0].Timecode;
            fragments.Add(new StoredFragment
            {
                FragmentNumber = nextNumber(),
                ServerTimestamp = start + TimeSpan.FromMilliseconds(clusterTimecode),
                ProducerTimestamp = start + TimeSpan.FromMilliseconds(clusterTimecode),
                ClusterTimecode = clusterTimecode,
                Duration = TimeSpan.FromMilliseconds(group.Max(f => f.Timecode) - clusterTimecode),
                SizeInBytes = group.Sum(f => f.Data.Length),
                Header = header,
                Frames = [.. group.Select(f => new StoredFrame(1, (short)(f.Timecode - clusterTimecode), f.IsKeyFrame, f.Data))],
                Metadata = [],
                IsPersisted = true,
            });
        }

        return fragments;
    }

    // The sample's video track, declared as track 1 as a KVS producer numbers it, and its frames.
    private static (MkvTrackEntry Track, List<(long Timecode, bool IsKeyFrame, byte[] Data)> Frames) Read(string sample)
    {
        var (tracks, frames) = SampleFrames.Read(sample);
        var track = tracks.First(t => t.TrackType == MkvTrackType.Video);
        var video = new MkvTrackEntry
        {
            TrackNumber = 1,
            TrackUid = 1,
            TrackType = track.TrackType,
            CodecId = track.CodecId,
            CodecPrivate = track.CodecPrivate,
            PixelWidth = track.PixelWidth,
            PixelHeight = track.PixelHeight,
        };
        return (video, [.. frames.Where(f => f.Track == track.TrackNumber).Select(f => (f.Timecode, f.IsKey, f.Payload))]);
    }
}
