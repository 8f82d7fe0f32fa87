using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Playback.Support;

/// <summary>
/// Stored fragments of real frames (a committed sample's H.264 and AAC, or a clip ffmpeg encodes),
/// one per video key frame as a KVS producer cuts them, video as track 1 and audio as track 2, the
/// sample repeated as often as asked with advancing timestamps (each GOP decodes on its own), so a
/// player has minutes of media from a two-second file.
/// </summary>
internal sealed class PlayableFragments
{
    private readonly MkvTrackEntry[] _tracks;
    private readonly List<(ulong Track, long Timecode, bool IsKey, byte[] Data)> _frames;
    private readonly List<int> _keys;

    private PlayableFragments(MkvTrackEntry[] tracks, List<(ulong, long, bool, byte[])> frames, long loopLength)
    {
        _tracks = tracks;
        _frames = frames;
        LoopLength = loopLength;
        _keys = [.. frames.Select((f, i) => (f, i)).Where(x => x.f.Item1 == 1 && x.f.Item3).Select(x => x.i)];
        Header = MediaSeeding.Header(tracks);
    }

    /// <summary>The producer header declaring the tracks.</summary>
    public ProducerHeader Header { get; }

    /// <summary>The sample's length in ms: one repetition.</summary>
    public long LoopLength { get; }

    /// <summary>Fragments per repetition (the sample's video key frames).</summary>
    public int FragmentsPerLoop => _keys.Count;

    /// <summary>Video frames per repetition.</summary>
    public int VideoFramesPerLoop => _frames.Count(f => f.Track == 1);

    /// <summary>Audio frames per repetition.</summary>
    public int AudioFramesPerLoop => _frames.Count(f => f.Track == 2);

    /// <summary>A committed sample (tests/.../Mkv/Samples); <paramref name="withAudio"/> false keeps its video alone.</summary>
    public static PlayableFragments FromSample(string name, bool withAudio = true) => From(SampleFrames.Read(name), withAudio);

    /// <summary>An MKV file anywhere (one a test encoded with ffmpeg).</summary>
    public static PlayableFragments FromFile(string path, bool withAudio = true) => From(SampleFrames.ReadFile(path), withAudio);

    private static PlayableFragments From((MkvTrackEntry[] Tracks, List<InputFrame> Frames) sample, bool withAudio)
    {
        var (tracks, frames) = sample;
        var video = tracks.First(t => t.TrackType == MkvTrackType.Video);
        var audio = withAudio ? tracks.FirstOrDefault(t => t.TrackType == MkvTrackType.Audio) : null;
        var declared = new List<MkvTrackEntry> { Renumber(video, 1) };
        if (audio is not null)
        {
            declared.Add(Renumber(audio, 2));
        }

        var kept = frames
            .Where(f => f.Track == video.TrackNumber || f.Track == audio?.TrackNumber)
            .Select(f => (f.Track == video.TrackNumber ? 1UL : 2UL, f.Timecode - frames[0].Timecode, f.IsKey, f.Payload))
            .ToList();
        var videoTimes = kept.Where(f => f.Item1 == 1).Select(f => f.Item2).ToList();
        var interval = videoTimes.Count > 1 ? videoTimes[^1] - videoTimes[^2] : 40;
        var loopLength = videoTimes[^1] + interval;

        // Audio that would play past the loop's end would overlap the next repetition's first frames.
        var audioFrameMs = audio is null ? 0 : (long)Math.Ceiling(1024 * 1000 / Math.Max(1, audio.SamplingFrequency));
        kept.RemoveAll(f => f.Item1 == 2 && f.Item2 + audioFrameMs > loopLength);
        return new PlayableFragments([.. declared], kept, loopLength);
    }

    /// <summary>
    /// <paramref name="count"/> fragments, the first starting at <paramref name="start"/> (producer and
    /// server time alike, ABSOLUTE timecodes), numbered by the emulator.
    /// </summary>
    public List<StoredFragment> Fragments(KinesisVideoEmulator emulator, DateTimeOffset start, int count) =>
        Fragments(start, count, emulator.State.FragmentNumbers);

    /// <summary>The same, numbered by <paramref name="numbers"/> (a fresh generator when none is given).</summary>
    public List<StoredFragment> Fragments(DateTimeOffset start, int count, FragmentNumberGenerator? numbers = null)
    {
        numbers ??= new FragmentNumberGenerator();
        var fragments = new List<StoredFragment>();
        for (var n = 0; n < count; n++)
        {
            var loop = n / _keys.Count;
            var k = n % _keys.Count;
            var from = _keys[k];
            var to = k + 1 < _keys.Count ? _keys[k + 1] : _frames.Count;
            var offset = loop * LoopLength;
            var begin = _frames[from].Timecode;
            var end = k + 1 < _keys.Count ? _frames[to].Timecode : LoopLength;

            // Audio frames go with the video of their time, wherever they sit in the file's order.
            var group = Enumerable.Range(0, _frames.Count)
                .Where(i => _frames[i].Track == 1 ? i >= from && i < to : _frames[i].Timecode >= begin && _frames[i].Timecode < end)
                .Select(i => _frames[i])
                .ToList();
            var producer = start + TimeSpan.FromMilliseconds(offset + begin);
            fragments.Add(new StoredFragment
            {
                FragmentNumber = numbers.Next(),
                ServerTimestamp = producer,
                ProducerTimestamp = producer,
                ClusterTimecode = producer.ToUnixTimeMilliseconds(),
                Duration = TimeSpan.FromMilliseconds(group.Max(f => f.Timecode) - begin),
                SizeInBytes = group.Sum(f => f.Data.Length),
                Header = Header,
                Frames = [.. group.Select(f => new StoredFrame(f.Track, (short)(f.Timecode - begin), f.IsKey, f.Data))],
                Metadata = [],
                IsPersisted = true,
            });
        }

        return fragments;
    }

    /// <summary>Stores <paramref name="count"/> fragments in <paramref name="streamName"/> from <paramref name="start"/> on.</summary>
    public List<StoredFragment> Store(KinesisVideoEmulator emulator, string streamName, DateTimeOffset start, int count)
    {
        var fragments = Fragments(emulator, start, count);
        var media = MediaSeeding.MediaOf(emulator, streamName);
        fragments.ForEach(media.Append);
        return fragments;
    }

    private static MkvTrackEntry Renumber(MkvTrackEntry track, ulong number) => new()
    {
        TrackNumber = number,
        TrackUid = number,
        TrackType = track.TrackType,
        CodecId = track.CodecId,
        CodecPrivate = track.CodecPrivate,
        PixelWidth = track.PixelWidth,
        PixelHeight = track.PixelHeight,
        SamplingFrequency = track.SamplingFrequency,
        Channels = track.Channels,
    };
}
