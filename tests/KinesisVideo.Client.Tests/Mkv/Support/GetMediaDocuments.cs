using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Playback;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>
/// GetMedia response bodies laid out exactly as the service (and the emulator) sends them: per
/// fragment a standalone document with the producer's header replayed, service tags, a known-size
/// Cluster, the producer's metadata and the closing tags. Written by the emulator's document writer
/// from fragments numbered here, so the MKV tests need no running emulator.
/// </summary>
internal static class GetMediaDocuments
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 11, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="count"/> fragments of seeded random frames (video, or video and audio), one second apart.</summary>
    public static List<StoredFragment> Synthetic(int count, bool withAudio = false, int framesPerTrack = 3, IReadOnlyList<KeyValuePair<string, string>>? metadata = null)
    {
        var numbers = new FragmentNumberGenerator();
        var header = withAudio ? MediaSeeding.Header(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack) : MediaSeeding.Header();
        return [.. Enumerable.Range(0, count).Select(i => MediaSeeding.Fragment(numbers.Next(), header, Start.AddSeconds(i), Start.AddSeconds(i), framesPerTrack, metadata: metadata, seed: i))];
    }

    /// <summary>The real H.264 frames of a committed sample, one fragment per key frame.</summary>
    public static List<StoredFragment> FromSample(string sample) => SampleFragments.From(new FragmentNumberGenerator().Next, sample, Start);

    /// <summary>The body GetMedia sends for <paramref name="fragments"/>.</summary>
    public static byte[] Body(IEnumerable<StoredFragment> fragments)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var fragment in fragments)
        {
            FragmentDocumentWriter.WriteFragment(output, fragment, millisBehindNow: 250, PlaybackStart.ContinuationTokenOf(fragment));
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>An error document as GetMedia sends it.</summary>
    public static byte[] Error(string? fragmentNumber, int errorId, string description)
    {
        var output = new ArrayBufferWriter<byte>();
        FragmentDocumentWriter.WriteError(output, new PlaybackError(fragmentNumber, errorId, description).GetMediaTags());
        return output.WrittenSpan.ToArray();
    }

    /// <summary>One line per fragment: number, token, timestamps, frames (track/timecode/key/bytes) and metadata.</summary>
    public static string Describe(MediaFragment fragment) =>
        $"{fragment.Offset}+{fragment.Length} {fragment.FragmentNumber} {fragment.ContinuationToken} {fragment.ServerTimestamp:O} {fragment.ProducerTimestamp:O} {fragment.MillisBehindNow} {fragment.IsComplete} "
        + string.Join(",", fragment.Frames.Select(f => $"{f.TrackNumber}/{f.Timecode}/{f.IsKeyFrame}/{Convert.ToHexString(f.Payload.ToArray())}"))
        + " " + string.Join(",", fragment.Metadata) + " " + fragment.Tracks.Count;

    /// <summary>The same line for a stored fragment, as a reader must report it.</summary>
    public static string Describe(StoredFragment fragment, long offset, long length) =>
        $"{offset}+{length} {fragment.FragmentNumber} {fragment.FragmentNumber} {fragment.ServerTimestamp:O} {fragment.ProducerTimestamp:O} 250 True "
        + string.Join(",", fragment.Frames.Select(f => $"{f.TrackNumber}/{fragment.ClusterTimecode + f.RelativeTimecode}/{f.IsKeyFrame}/{Convert.ToHexString(f.Data.Span)}"))
        + " " + string.Join(",", fragment.Metadata.Select(m => new MkvTag(m.Key, m.Value))) + " " + fragment.Header.Tracks.Count;
}
