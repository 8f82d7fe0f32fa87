using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// Where a GetMedia starts in a stream's store: the absolute index of the first fragment to send
/// (the store's end index to wait for the next one), or an error to report in the body instead.
/// </summary>
/// <param name="Index">The first fragment to send.</param>
/// <param name="Error">When set, the answer is this error and nothing else.</param>
internal sealed record PlaybackStart(long Index, PlaybackError? Error = null)
{
    /// <summary>
    /// Applies the StartSelector's semantics to <paramref name="media"/> as it is now:
    /// NOW waits for the next fragment stored (the one a producer is sending); EARLIEST is the oldest
    /// kept; FRAGMENT_NUMBER and CONTINUATION_TOKEN the one after the named fragment; the timestamp
    /// types the first fragment whose span (start to start + duration) reaches the timestamp, which
    /// is the fragment containing it, or the next one when it falls between fragments.
    /// </summary>
    /// <exception cref="ServiceErrorException">InvalidArgumentException for a continuation token the emulator did not issue for this stream.</exception>
    public static PlaybackStart Resolve(StartSelector selector, StreamMedia media) => selector.Type switch
    {
        StartSelector.Now => new(media.EndIndex),
        StartSelector.Earliest => new(media.FirstIndex),
        StartSelector.FragmentNumber => After(media, selector.AfterFragmentNumber!),
        StartSelector.ServerTimestamp => Reaching(media, selector.StartTimestamp!.Value, f => f.ServerTimestamp),
        StartSelector.ProducerTimestamp => Reaching(media, selector.StartTimestamp!.Value, f => f.ProducerTimestamp),
        _ => AfterToken(media, selector.ContinuationToken!),
    };

    /// <summary>
    /// The continuation token of <paramref name="fragment"/>: its number, as in AWS's recordings
    /// (clients treat it as opaque); a GetMedia with it resumes right after the fragment.
    /// </summary>
    public static string ContinuationTokenOf(StoredFragment fragment) => fragment.FragmentNumber;

    private static PlaybackStart After(StreamMedia media, string fragmentNumber) =>
        media.IndexOf(fragmentNumber) is { } index
            ? new(index + 1)
            : new(media.EndIndex, NotFound(fragmentNumber));

    // A token that names no fragment of this stream was not issued for it, unless it is older than
    // every kept fragment of a stream that has trimmed some: then it was, and its fragment expired.
    private static PlaybackStart AfterToken(StreamMedia media, string token)
    {
        if (media.IndexOf(token) is { } index)
        {
            return new(index + 1);
        }

        var oldest = media.At(media.FirstIndex);
        if (media.FirstIndex > 0 && token.All(char.IsAsciiDigit) && (oldest is null || StreamMedia.CompareNumbers(token, oldest.FragmentNumber) < 0))
        {
            return new(media.EndIndex, NotFound(token));
        }

        throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"The continuation token {token} was not issued for this stream.");
    }

    private static PlaybackStart Reaching(StreamMedia media, DateTimeOffset timestamp, Func<StoredFragment, DateTimeOffset> start)
    {
        foreach (var (index, fragment) in media.Snapshot())
        {
            if (start(fragment) + fragment.Duration >= timestamp)
            {
                return new(index);
            }
        }

        return new(media.EndIndex);
    }

    private static PlaybackError NotFound(string fragmentNumber) =>
        new(fragmentNumber, PlaybackError.FragmentNotFound, "Requested fragment is not found");
}
