using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Media.Streaming;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// GetHLSStreamingSessionURL and GetDASHStreamingSessionURL: the request's rules, then the stream's
/// (it keeps data, it has fragments where the session starts, their tracks can be played), then a
/// session remembered under a new token and its URL on the data endpoint, built as AWS builds it.
/// </summary>
internal static class PlaybackSessionOperations
{
    /// <summary>How recent a fragment a LIVE session needs (documented: the last 30 seconds).</summary>
    public static readonly TimeSpan LiveWindow = TimeSpan.FromSeconds(30);

    public static void GetHlsStreamingSessionUrl(OperationContext context)
    {
        var input = context.Input;
        var request = PlaybackSessionRequest.Read(input, "HLSFragmentSelector", "MaxMediaPlaylistFragmentResults", context.Now);
        var (stream, first) = CheckStream(context, request, PlaybackFormat.Hls);
        var discontinuityMode = input.String("DiscontinuityMode") ?? (request.SelectorType == FragmentTimeRange.ServerTimestamp ? "ALWAYS" : "NEVER");
        var session = context.State.PlaybackSessions.Add(
            token => new PlaybackSession
            {
                Token = token,
                Protocol = PlaybackProtocol.Hls,
                StreamArn = stream.Arn,
                Request = request,
                ExpiresAt = context.Now + request.Expires,
                ContainerFormat = input.String("ContainerFormat") ?? "FRAGMENTED_MP4",
                DiscontinuityMode = discontinuityMode,
                DisplayFragmentTimestamp = input.String("DisplayFragmentTimestamp") ?? "NEVER",
                Timeline = Timeline(stream, first, request, discontinuityMode, context.Now),
            },
            context.Now);
        context.Output.WriteString("HLSStreamingSessionURL", PlaybackSessionUrls.For(context.State.DataEndpoint, session).ToString());
    }

    public static void GetDashStreamingSessionUrl(OperationContext context)
    {
        var input = context.Input;
        var request = PlaybackSessionRequest.Read(input, "DASHFragmentSelector", "MaxManifestFragmentResults", context.Now);
        var (stream, first) = CheckStream(context, request, PlaybackFormat.Dash);
        var session = context.State.PlaybackSessions.Add(
            token => new PlaybackSession
            {
                Token = token,
                Protocol = PlaybackProtocol.Dash,
                StreamArn = stream.Arn,
                Request = request,
                ExpiresAt = context.Now + request.Expires,
                DisplayFragmentTimestamp = input.String("DisplayFragmentTimestamp") ?? "NEVER",
                DisplayFragmentNumber = input.String("DisplayFragmentNumber") ?? "NEVER",
                Timeline = Timeline(stream, first, request, null, context.Now),
            },
            context.Now);
        context.Output.WriteString("DASHStreamingSessionURL", PlaybackSessionUrls.For(context.State.DataEndpoint, session).ToString());
    }

    // LIVE starts at the fragment the checks found (the oldest of the newest MaxFragmentResults);
    // the other modes select by their range, from the oldest fragment kept.
    private static SessionTimeline Timeline(StreamRecord stream, StoredFragment first, PlaybackSessionRequest request, string? discontinuityMode, DateTimeOffset now)
    {
        var start = request.Range is null ? stream.Media.IndexOf(first.FragmentNumber) ?? stream.Media.FirstIndex : stream.Media.FirstIndex;
        return new SessionTimeline(request, first.Header.Tracks, start, discontinuityMode, now);
    }

    private static (StreamRecord Stream, StoredFragment First) CheckStream(OperationContext context, PlaybackSessionRequest request, PlaybackFormat format)
    {
        var stream = StreamOperations.Resolve(context);
        if (stream.DataRetentionInHours == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0), so it cannot be played back.");
        }

        var first = FirstFragment(stream, request, context.Now);
        PlaybackTrackRules.Check(first.Header, format);
        return (stream, first);
    }

    /// <summary>
    /// The fragment the session would start with: in LIVE mode the oldest of the newest
    /// MaxFragmentResults (and one must be from the last 30 seconds), otherwise the first ingested
    /// within the range.
    /// </summary>
    private static StoredFragment FirstFragment(StreamRecord stream, PlaybackSessionRequest request, DateTimeOffset now)
    {
        var fragments = ArchivedFragments.Of(stream, now);
        if (request.Range is not { } range)
        {
            if (fragments.Count == 0 || fragments[^1].ServerTimestamp < now - LiveWindow)
            {
                throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream {stream.Name} has no fragments from the last {LiveWindow.TotalSeconds} seconds for a LIVE session.");
            }

            return fragments[Math.Max(0, fragments.Count - request.MaxFragmentResults)];
        }

        return fragments.Find(range.Contains)
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream {stream.Name} has no fragments with a {range.SelectorType} in the requested range.");
    }
}
