using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Ingest;
using KinesisVideo.Emulator.Media.Playback;
using KinesisVideo.Emulator.Validation;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// An operation the emulator serves: the model's schema (name, path, input shape) and its behaviour,
/// either unary (JSON in, JSON out, under the state lock) or streaming (it writes its own response).
/// </summary>
internal sealed record Operation(OperationSchema Schema, OperationHandler? Unary, StreamingOperationHandler? Streaming = null)
{
    /// <summary>True when the request body is the operation's to read (PutMedia's media stream), not a JSON input.</summary>
    public bool StreamsRequestBody { get; init; }
}

/// <summary>
/// The operations one endpoint serves, by request path. Built from a model's operation list and a
/// handler per operation name; building fails if the model has an operation without a handler, so
/// an endpoint cannot silently lack one.
/// </summary>
internal sealed class OperationRegistry
{
    private readonly Dictionary<string, Operation> _byPath;

    private OperationRegistry(Dictionary<string, Operation> byPath) => _byPath = byPath;

    public IEnumerable<Operation> All => _byPath.Values;

    public static OperationRegistry Build(IReadOnlyList<OperationSchema> schemas, IReadOnlyDictionary<string, OperationHandler> handlers)
    {
        var byPath = new Dictionary<string, Operation>(StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            if (!handlers.TryGetValue(schema.Name, out var handler))
            {
                throw new InvalidOperationException($"The emulator has no handler for {schema.Name}.");
            }

            byPath.Add(schema.Path, new Operation(schema, handler));
        }

        return new OperationRegistry(byPath);
    }

    /// <summary>The operation posted to <paramref name="path"/>; paths are case-sensitive, as the service's are.</summary>
    public Operation? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The control plane's 32 operations.</summary>
    public static OperationRegistry ControlPlane() => Build(ControlPlaneSchemas.Operations, Handlers(
        StreamOperations.Handlers,
        SignalingChannelOperations.Handlers,
        TagOperations.Handlers,
        StreamConfigurationOperations.Handlers,
        EdgeConfigurationOperations.Handlers,
        MediaStorageOperations.Handlers,
        EndpointOperations.Handlers));

    /// <summary>
    /// The data endpoint's operations: PutMedia and GetMedia (the media API), and the archived media
    /// API's six. PutMedia is not in the media model (AWS ships no SDK model for it); its input is
    /// headers, so its schema has an empty JSON shape and the operation reads its own body.
    /// </summary>
    public static OperationRegistry DataPlane()
    {
        var unary = Build(
            [.. ArchivedMediaSchemas.Operations.Where(s => s.Name is not ("GetMediaForFragmentList" or "GetClip" or "GetImages"))],
            Handlers(ArchivedMediaOperations.Handlers));
        var byPath = new Dictionary<string, Operation>(unary._byPath, StringComparer.Ordinal);
        var streaming = new Dictionary<string, StreamingOperationHandler>(StringComparer.Ordinal)
        {
            ["GetMedia"] = GetMediaOperation.HandleAsync,
            ["GetMediaForFragmentList"] = GetMediaForFragmentListOperation.HandleAsync,
            ["GetClip"] = GetClipOperation.HandleAsync,
            ["GetImages"] = GetImagesOperation.HandleAsync,
        };
        foreach (var schema in MediaSchemas.Operations.Concat(ArchivedMediaSchemas.Operations).Where(s => streaming.ContainsKey(s.Name)))
        {
            byPath.Add(schema.Path, new Operation(schema, null, streaming[schema.Name]));
        }

        var putMedia = new OperationSchema("PutMedia", "/putMedia", Shape.Structure());
        byPath.Add(putMedia.Path, new Operation(putMedia, null, PutMediaOperation.HandleAsync) { StreamsRequestBody = true });
        return new OperationRegistry(byPath);
    }

    /// <summary>The signaling endpoint's two operations.</summary>
    public static OperationRegistry Signaling() => Build(SignalingSchemas.Operations, Handlers(KinesisVideo.Emulator.Signaling.SignalingOperations.Handlers));

    private static Dictionary<string, OperationHandler> Handlers(params IEnumerable<KeyValuePair<string, OperationHandler>>[] groups)
    {
        var all = new Dictionary<string, OperationHandler>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var (name, handler) in group)
            {
                all.Add(name, handler);
            }
        }

        return all;
    }
}
