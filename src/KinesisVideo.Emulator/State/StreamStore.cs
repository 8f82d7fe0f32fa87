using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.State;

/// <summary>
/// The account's streams, by name and by ARN. Not thread-safe by itself: the request pipeline runs
/// every operation under the emulator's state lock, so an operation sees and changes a consistent state.
/// </summary>
internal sealed class StreamStore
{
    private readonly SortedDictionary<string, StreamRecord> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamRecord> _byArn = new(StringComparer.Ordinal);

    public int Count => _byName.Count;

    /// <summary>Streams in name order, as ListStreams pages them.</summary>
    public IEnumerable<StreamRecord> InNameOrder => _byName.Values;

    public void Add(StreamRecord stream, int accountLimit)
    {
        if (_byName.ContainsKey(stream.Name))
        {
            throw new ServiceErrorException(ErrorCodes.ResourceInUse, $"The stream {stream.Name} already exists.");
        }

        if (_byName.Count >= accountLimit)
        {
            throw new ServiceErrorException(ErrorCodes.AccountStreamLimitExceeded, $"The account has reached its limit of {accountLimit} streams.");
        }

        _byName.Add(stream.Name, stream);
        _byArn.Add(stream.Arn, stream);
    }

    public void Remove(StreamRecord stream)
    {
        _byName.Remove(stream.Name);
        _byArn.Remove(stream.Arn);
    }

    public StreamRecord? FindByArn(string arn) => _byArn.GetValueOrDefault(arn);

    /// <summary>
    /// The stream a request names by StreamName or StreamARN. The service needs one of them; when
    /// both are given they must name the same stream.
    /// </summary>
    public StreamRecord Resolve(string? name, string? arn)
    {
        if (name is null && arn is null)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "Either StreamName or StreamARN must be specified.");
        }

        var stream = arn is not null ? _byArn.GetValueOrDefault(arn) : _byName.GetValueOrDefault(name!);
        if (stream is null)
        {
            throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested stream {arn ?? name} is not found or not active.");
        }

        if (name is not null && arn is not null && stream.Name != name)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"StreamName {name} and StreamARN {arn} do not refer to the same stream.");
        }

        return stream;
    }
}
