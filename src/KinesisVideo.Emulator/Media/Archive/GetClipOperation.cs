using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// GetClip: the documented rules (a range of at most 24 hours, later end, server-time end in the
/// past; a stream that keeps data, fragments in the range, tracks an MP4 clip can hold), then an error,
/// because the emulator does not render MP4 clips yet.
/// </summary>
internal static class GetClipOperation
{
    public static void Handle(OperationContext context)
    {
        var selector = context.Input.Object("ClipFragmentSelector")!.Value;
        var timestamps = selector.Object("TimestampRange")!.Value;
        var range = new FragmentTimeRange(selector.String("FragmentSelectorType")!, timestamps.Timestamp("StartTimestamp")!.Value, timestamps.Timestamp("EndTimestamp")!.Value);
        PlaybackSessionRequest.CheckClosedRange(range, context.Now);

        var stream = StreamOperations.Resolve(context);
        if (stream.DataRetentionInHours == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0), so it has no clips.");
        }

        var first = ArchivedFragments.Of(stream, context.Now).Find(range.Contains)
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream {stream.Name} has no fragments with a {range.SelectorType} in the requested range.");
        PlaybackTrackRules.Check(first.Header, PlaybackFormat.Clip);

        // Not a fake success: the model's errors have none for "not implemented", and of those it has,
        // InvalidArgumentException ("is not supported, or can't be used") is the one that says this
        // request cannot be served without blaming the stream's media (the codec errors) or asking
        // for a retry (ClientLimitExceededException).
        throw new ServiceErrorException(ErrorCodes.InvalidArgument, "GetClip is not supported by this emulator yet: it checks the request and the stream but does not render MP4 clips.");
    }
}
