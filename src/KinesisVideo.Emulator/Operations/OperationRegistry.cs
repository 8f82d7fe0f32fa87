using KinesisVideo.Emulator.Validation;

namespace KinesisVideo.Emulator.Operations;

/// <summary>An operation the emulator serves: the model's schema (name, path, input shape) and its behaviour.</summary>
internal sealed record Operation(OperationSchema Schema, OperationHandler Handler);

/// <summary>
/// The operations one endpoint serves, by request path. Built from a model's operation list and a
/// handler per operation name; building fails if the model has an operation without a handler, so
/// an endpoint cannot silently lack one.
/// </summary>
internal sealed class OperationRegistry
{
    private readonly Dictionary<string, Operation> _byPath;

    private OperationRegistry(Dictionary<string, Operation> byPath) => _byPath = byPath;

    /// <summary>An endpoint that serves no operation yet (the data plane, until the media operations arrive).</summary>
    public static OperationRegistry Empty { get; } = new(new Dictionary<string, Operation>(StringComparer.Ordinal));

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
