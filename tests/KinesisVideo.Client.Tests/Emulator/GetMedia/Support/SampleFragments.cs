using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>
/// Stored fragments made of a committed sample's real frames (so a decoder accepts them): one per
/// key frame, as a RELATIVE producer would cut them, under a producer header declaring the sample's track.
/// </summary>
internal static class SampleFragments
{
    public static List<StoredFragment> From(KinesisVideoEmulator emulator, string sample, DateTimeOffset start)
    {
        var (track, frames) = Read(TestInputs.ReadSample(sample));
        var header = MediaSeeding.Header(track);
        var fragments = new List<StoredFragment>();
        var keys = frames.Select((f, i) => (f, i)).Where(x => x.f.IsKeyFrame).Select(x => x.i).Append(frames.Count).ToList();
        for (var k = 0; k + 1 < keys.Count; k++)
        {
            var group = frames.GetRange(keys[k], keys[k + 1] - keys[k]);
            var clusterTimecode = group[0].Timecode;
            fragments.Add(new StoredFragment
            {
                FragmentNumber = emulator.State.FragmentNumbers.Next(),
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

    private static (MkvTrackEntry Track, List<(long Timecode, bool IsKeyFrame, byte[] Data)> Frames) Read(byte[] file)
    {
        var reader = new MkvStreamReader();
        var rest = new ReadOnlySequence<byte>(file);
        MkvTrackEntry? track = null;
        var frames = new List<(long, bool, byte[])>();
        while (reader.TryRead(rest, out var item, out var consumed, out _))
        {
            if (item.Kind == MkvEventKind.TrackEntry && track is null)
            {
                track = item.TrackEntry;
            }
            else if (item.Kind == MkvEventKind.Frame && item.Frame.TrackNumber == track?.TrackNumber)
            {
                frames.Add((item.Frame.Timecode, item.Frame.IsKeyFrame, item.Frame.ToArray()));
            }

            rest = rest.Slice(consumed);
        }

        // The producer header declares the sample's video track as track 1, as a KVS producer numbers it.
        var video = new MkvTrackEntry
        {
            TrackNumber = 1,
            TrackUid = 1,
            TrackType = track!.TrackType,
            CodecId = track.CodecId,
            CodecPrivate = track.CodecPrivate,
            PixelWidth = track.PixelWidth,
            PixelHeight = track.PixelHeight,
        };
        return (video, frames);
    }
}
