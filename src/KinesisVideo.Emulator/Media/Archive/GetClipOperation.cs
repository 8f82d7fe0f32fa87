using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.Mp4;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// GetClip: one traditional MP4 file of the range. The documented rules first (a range of at most
/// 24 hours, a later end, a server-time end in the past; a stream that keeps data, fragments in the
/// range, tracks an MP4 clip can hold), then the fragments whose selector timestamp is in the range,
/// in producer-time order, duplicates of a producer timestamp kept once (the larger fragment number),
/// cut at the first <see cref="MediaLimits.MaxClipFragments"/> fragments or
/// <see cref="MediaLimits.MaxClipBytes"/> of media, as the reference documents. Every fragment must
/// have the first one's tracks and codec private data (else the documented errors), and every video
/// frame well-formed NAL units (else InvalidMediaFrameException).
/// </summary>
internal static class GetClipOperation
{
    public const string ContentType = "video/mp4";

    public static async Task HandleAsync(StreamingOperationContext context)
    {
        var selector = context.Input.Object("ClipFragmentSelector")!.Value;
        var timestamps = selector.Object("TimestampRange")!.Value;
        var range = new FragmentTimeRange(selector.String("FragmentSelectorType")!, timestamps.Timestamp("StartTimestamp")!.Value, timestamps.Timestamp("EndTimestamp")!.Value);
        PlaybackSessionRequest.CheckClosedRange(range, context.Now);

        List<StoredFragment> fragments;
        lock (context.State.Gate)
        {
            var stream = context.State.Streams.Resolve(context.Input.String("StreamName"), context.Input.String("StreamARN"));
            if (stream.DataRetentionInHours == 0)
            {
                throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0), so it has no clips.");
            }

            fragments = ArchivedFragments.Of(stream, context.Now).FindAll(range.Contains);
            if (fragments.Count == 0)
            {
                throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream {stream.Name} has no fragments with a {range.SelectorType} in the requested range.");
            }
        }

        var clip = Render(fragments, context.State.Media);
        var response = context.Http.Response;
        response.StatusCode = 200;
        response.ContentType = ContentType;
        response.ContentLength = clip.Length;
        await response.Body.WriteAsync(clip, context.Aborted).ConfigureAwait(false);
    }

    /// <summary>The MP4 file of <paramref name="fragments"/> (in ingestion order, at least one), within <paramref name="limits"/>.</summary>
    public static ReadOnlyMemory<byte> Render(List<StoredFragment> fragments, MediaLimits limits)
    {
        var first = fragments[0];
        PlaybackTrackRules.Check(first.Header, PlaybackFormat.Clip);
        var tracks = MediaTrack.FromEntries(first.Header.Tracks);
        var tables = tracks.Select(t => new SampleTable(t)).ToList();
        long bytes = 0;
        var taken = 0;
        foreach (var fragment in Deduplicated(fragments))
        {
            CheckSameTracks(first, fragment);
            var size = fragment.Frames.Sum(f => (long)f.Data.Length);
            if (taken == limits.MaxClipFragments || (taken > 0 && bytes + size > limits.MaxClipBytes))
            {
                break;
            }

            foreach (var table in tables)
            {
                var samples = TrackSamples.Of(fragment, table.Track);
                if (table.Track.IsVideo && !samples.TrueForAll(s => NalUnits.IsWellFramed(s.Data.Span, table.Track.NalLengthSize)))
                {
                    throw new ServiceErrorException(ErrorCodes.InvalidMediaFrame, $"A frame of track {table.Track.TrackNumber} in fragment {fragment.FragmentNumber} could not be parsed as {table.Track.Codec}: its NAL unit lengths do not add up.");
                }

                table.AddChunk(samples);
            }

            bytes += size;
            taken++;
        }

        tables.RemoveAll(t => t.Samples.Count == 0);
        tables.ForEach(t => t.JoinChunks());
        return ProgressiveMp4.Write(tables);
    }

    // In producer-time order; of fragments with the same producer timestamp, the larger number.
    private static IEnumerable<StoredFragment> Deduplicated(List<StoredFragment> fragments) =>
        fragments
            .GroupBy(f => f.ProducerTimestamp)
            .Select(g => g.MaxBy(f => f.FragmentNumber, Comparer<string>.Create(StreamMedia.CompareNumbers))!)
            .OrderBy(f => f.ProducerTimestamp);

    private static void CheckSameTracks(StoredFragment first, StoredFragment fragment)
    {
        var expected = first.Header.Tracks;
        var actual = fragment.Header.Tracks;
        if (ReferenceEquals(expected, actual))
        {
            return;
        }

        if (actual.Count != expected.Count || actual.Where((t, i) => t.TrackNumber != expected[i].TrackNumber || t.CodecId != expected[i].CodecId).Any())
        {
            throw new ServiceErrorException(ErrorCodes.UnsupportedStreamMediaType, $"The tracks change within the clip's range (at fragment {fragment.FragmentNumber}); a clip needs the same tracks throughout.");
        }

        if (actual.Where((t, i) => !t.CodecPrivate.Span.SequenceEqual(expected[i].CodecPrivate.Span)).Any())
        {
            throw new ServiceErrorException(ErrorCodes.InvalidCodecPrivateData, $"The codec private data changes within the clip's range (at fragment {fragment.FragmentNumber}); a clip needs the same codec private data throughout.");
        }
    }
}
