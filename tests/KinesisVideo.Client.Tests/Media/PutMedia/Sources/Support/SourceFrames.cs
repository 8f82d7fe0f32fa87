using System.Globalization;
using System.IO.Pipelines;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;

/// <summary>A frame copied out of a source, with its bytes.</summary>
internal sealed record CopiedFrame(ulong TrackNumber, TimeSpan Timestamp, bool IsKeyFrame, byte[] Data)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"track {TrackNumber} at {Timestamp.Ticks} key {IsKeyFrame} len {Data.Length} hash {Hash(Data)}");

    // FNV-1a: enough to tell payloads apart in a comparison.
    private static string Hash(byte[] bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("X16", CultureInfo.InvariantCulture);
    }
}

/// <summary>Reads a whole source: its tracks, then every frame copied (Data is valid only until the enumeration moves on).</summary>
internal static class SourceFrames
{
    public static async Task<(IReadOnlyList<MediaTrack> Tracks, List<CopiedFrame> Frames)> ReadAllAsync(IMediaFrameSource source)
    {
        await using (source)
        {
            var tracks = await source.ReadTracksAsync(CancellationToken.None);
            var frames = new List<CopiedFrame>();
            await foreach (var frame in source.ReadFramesAsync(CancellationToken.None))
            {
                frames.Add(new CopiedFrame(frame.TrackNumber, frame.Timestamp, frame.IsKeyFrame, frame.Data.ToArray()));
            }

            return (tracks, frames);
        }
    }

    /// <summary>The tracks and frames as comparable lines.</summary>
    public static List<string> Describe(IReadOnlyList<MediaTrack> tracks, IEnumerable<CopiedFrame> frames) =>
    [
        .. tracks.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Kind} {t.CodecId} {t.Width}x{t.Height} {t.SampleRate}/{t.Channels} {Convert.ToHexString(t.CodecPrivate.Span)}")),
        .. frames.Select(f => f.ToString()),
    ];

    /// <summary>Reads through a PipeReader and describes what came out.</summary>
    public static async Task<List<string>> DescribeAsync(Func<PipeReader, IMediaFrameSource> open, PipeReader input)
    {
        var (tracks, frames) = await ReadAllAsync(open(input));
        return Describe(tracks, frames);
    }

    /// <summary>
    /// Reads <paramref name="data"/> whole, then cut in two at every offset, and fails at the first
    /// cut that gives other tracks or frames; returns the whole input's description.
    /// </summary>
    public static async Task<List<string>> AssertEveryTwoPartCutGivesTheWholeAsync(Func<PipeReader, IMediaFrameSource> open, byte[] data)
    {
        var whole = await DescribeAsync(open, new FeedingPipeReader(data, []));
        for (var at = 1; at < data.Length; at++)
        {
            var cut = await DescribeAsync(open, new FeedingPipeReader(data, [at]));
            if (!cut.SequenceEqual(whole))
            {
                Assert.That(cut, Is.EqualTo(whole), $"cut at {at}");
            }
        }

        return whole;
    }
}
