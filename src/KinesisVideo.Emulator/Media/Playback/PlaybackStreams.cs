using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>What both playback operations need before and while they answer: the stream's store, and document sizes for drop faults.</summary>
internal static class PlaybackStreams
{
    /// <summary>A lower bound of an error document's length (its EBML header and Segment).</summary>
    public const long MinimumErrorLength = 40;

    /// <summary>The store of the stream the input names by StreamName or StreamARN (ResourceNotFoundException when there is none).</summary>
    public static StreamMedia Resolve(StreamingOperationContext context)
    {
        lock (context.State.Gate)
        {
            return context.State.Streams.Resolve(context.Input.String("StreamName"), context.Input.String("StreamARN")).Media;
        }
    }

    /// <summary>
    /// AWS_KINESISVIDEO_MILLIS_BEHIND_NOW of <paramref name="fragment"/>: how long ago, on the emulator's
    /// clock, it reached the service (never negative).
    /// </summary>
    public static long MillisBehindNow(StreamingOperationContext context, StoredFragment fragment) =>
        Math.Max(0, (long)(context.Now - fragment.ServerTimestamp).TotalMilliseconds);

    /// <summary>A lower bound of the length of <paramref name="fragment"/>'s document: its header and frame bytes, before tags and block headers.</summary>
    public static long MinimumDocumentLength(StoredFragment fragment)
    {
        long length = fragment.Header.Bytes.Length;
        foreach (var frame in fragment.Frames)
        {
            length += frame.Data.Length;
        }

        return length;
    }
}
