using KinesisVideo.Emulator.Operations;

namespace KinesisVideo.Emulator.Media.Archive;

// PLACEHOLDER (foundation commit): replaced by the archived media work.
internal static class ArchivedMediaOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["ListFragments"] = _ => throw new NotImplementedException(),
        ["GetHLSStreamingSessionURL"] = _ => throw new NotImplementedException(),
        ["GetDASHStreamingSessionURL"] = _ => throw new NotImplementedException(),
        ["GetClip"] = _ => throw new NotImplementedException(),
        ["GetImages"] = _ => throw new NotImplementedException(),
    };
}
