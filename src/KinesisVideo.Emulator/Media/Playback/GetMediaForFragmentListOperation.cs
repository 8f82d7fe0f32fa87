using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// POST /getMediaForFragmentList (archived media API): the listed fragments, in the order asked, as
/// the same documents GetMedia sends. A number that names no archived fragment of the stream (never
/// stored, expired, or on a stream that retains no data) gets an error document in its place, with
/// the tags the API reference gives this operation, and the list goes on.
/// </summary>
internal static class GetMediaForFragmentListOperation
{
    public static async Task HandleAsync(StreamingOperationContext context)
    {
        var numbers = context.Input.Array("Fragments").Select(n => n.GetString()!).ToList();
        var media = PlaybackStreams.Resolve(context);
        try
        {
            var response = await PlaybackResponse.StartAsync(context).ConfigureAwait(false);
            foreach (var number in numbers)
            {
                var fragment = media.IndexOf(number) is { } index ? media.At(index) : null;
                var sent = fragment is { IsPersisted: true }
                    ? await response.SendAsync(
                        PlaybackStreams.MinimumDocumentLength(fragment),
                        output => FragmentDocumentWriter.WriteFragment(output, fragment, PlaybackStreams.MillisBehindNow(context, fragment), PlaybackStart.ContinuationTokenOf(fragment))).ConfigureAwait(false)
                    : await response.SendAsync(
                        PlaybackStreams.MinimumErrorLength,
                        output => FragmentDocumentWriter.WriteError(output, new PlaybackError(number, PlaybackError.FragmentNotFound, $"Fragment {number} is not found in the stream's archive.").FragmentListTags())).ConfigureAwait(false);
                if (!sent)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (context.Aborted.IsCancellationRequested)
        {
            // The reader went away (or a fault dropped it).
        }
    }
}
