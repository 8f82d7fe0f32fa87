using KinesisVideo.Emulator.Operations;

namespace KinesisVideo.Emulator.Media.Playback;

// PLACEHOLDER (foundation commit): replaced by the GetMedia work.
internal static class GetMediaForFragmentListOperation
{
    public static Task HandleAsync(StreamingOperationContext context) => throw new NotImplementedException();
}
