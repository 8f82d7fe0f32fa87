using KinesisVideo.Emulator.Operations;

namespace KinesisVideo.Emulator.Media.Ingest;

// PLACEHOLDER (foundation commit): replaced by the PutMedia ingest work.
internal static class PutMediaOperation
{
    public static Task HandleAsync(StreamingOperationContext context) => throw new NotImplementedException();
}
