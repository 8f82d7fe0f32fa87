using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// POST /getMedia: the stream's fragments from the StartSelector on, one document each, then the
/// fragments stored while the reader is connected (live tail). The body ends once no new fragment
/// arrives for <see cref="MediaLimits.GetMediaIdleTimeout"/> on the emulator's clock, when the
/// stream is deleted, or after an error document; a reader resumes with the last continuation token.
/// </summary>
internal static class GetMediaOperation
{
    public static async Task HandleAsync(StreamingOperationContext context)
    {
        var selector = StartSelector.Parse(context.Input.Object("StartSelector")!.Value);
        var media = PlaybackStreams.Resolve(context);
        using var lease = media.TryBeginRead(context.State.Media.MaxGetMediaConnections)
            ?? throw new ServiceErrorException(ErrorCodes.ConnectionLimitExceeded, $"Kinesis Video Streams has throttled the request because you have exceeded the limit of {context.State.Media.MaxGetMediaConnections} concurrent GetMedia connections on the stream.");
        var start = PlaybackStart.Resolve(selector, media);
        try
        {
            var response = await PlaybackResponse.StartAsync(context).ConfigureAwait(false);
            if (start.Error is { } error)
            {
                await SendErrorAsync(response, error).ConfigureAwait(false);
                return;
            }

            await TailAsync(context, response, media, start.Index).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.Aborted.IsCancellationRequested)
        {
            // The reader went away (or a fault dropped it): nothing is left to answer.
        }
    }

    private static async Task TailAsync(StreamingOperationContext context, PlaybackResponse response, StreamMedia media, long index)
    {
        string? lastSent = null;
        while (response.IsOpen)
        {
            // Taken before looking, so a fragment stored between the look and the wait still wakes us.
            var changed = media.WhenChanged;
            if (media.IsDeleted)
            {
                return;
            }

            if (media.At(index) is { } fragment)
            {
                await SendFragmentAsync(context, response, fragment).ConfigureAwait(false);
                lastSent = fragment.FragmentNumber;
                index++;
                continue;
            }

            if (index < media.FirstIndex)
            {
                // Retention trimmed the fragments this reader had yet to get: the service reports it and stops.
                await SendErrorAsync(response, new PlaybackError(lastSent, PlaybackError.FragmentNotFound, "Requested fragment is not found")).ConfigureAwait(false);
                return;
            }

            try
            {
                await changed.WaitAsync(context.State.Media.GetMediaIdleTimeout, context.State.Time, context.Aborted).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A fragment stored just as the timeout ran out is still sent; otherwise the reader is caught up.
                if (!changed.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    private static Task<bool> SendFragmentAsync(StreamingOperationContext context, PlaybackResponse response, StoredFragment fragment)
    {
        var behind = PlaybackStreams.MillisBehindNow(context, fragment);
        return response.SendAsync(
            PlaybackStreams.MinimumDocumentLength(fragment),
            output => FragmentDocumentWriter.WriteFragment(output, fragment, behind, PlaybackStart.ContinuationTokenOf(fragment)));
    }

    private static Task<bool> SendErrorAsync(PlaybackResponse response, PlaybackError error) =>
        response.SendAsync(PlaybackStreams.MinimumErrorLength, output => FragmentDocumentWriter.WriteError(output, error.GetMediaTags()));
}
