using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.State;

/// <summary>The account's signaling channels, by name and by ARN. Used under the emulator's state lock.</summary>
internal sealed class SignalingChannelStore
{
    private readonly SortedDictionary<string, ChannelRecord> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelRecord> _byArn = new(StringComparer.Ordinal);

    public IEnumerable<ChannelRecord> InNameOrder => _byName.Values;

    public void Add(ChannelRecord channel, int accountLimit)
    {
        if (_byName.ContainsKey(channel.Name))
        {
            throw new ServiceErrorException(ErrorCodes.ResourceInUse, $"The signaling channel {channel.Name} already exists.");
        }

        if (_byName.Count >= accountLimit)
        {
            throw new ServiceErrorException(ErrorCodes.AccountChannelLimitExceeded, $"The account has reached its limit of {accountLimit} signaling channels.");
        }

        _byName.Add(channel.Name, channel);
        _byArn.Add(channel.Arn, channel);
    }

    public void Remove(ChannelRecord channel)
    {
        _byName.Remove(channel.Name);
        _byArn.Remove(channel.Arn);
    }

    public ChannelRecord? FindByArn(string arn) => _byArn.GetValueOrDefault(arn);

    /// <summary>The channel a request names by ChannelARN, or by ChannelName where the operation allows it.</summary>
    public ChannelRecord Resolve(string? name, string? arn)
    {
        if (name is null && arn is null)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "Either ChannelName or ChannelARN must be specified.");
        }

        var channel = (arn is not null ? _byArn.GetValueOrDefault(arn) : _byName.GetValueOrDefault(name!))
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested signaling channel {arn ?? name} is not found.");
        if (name is not null && arn is not null && channel.Name != name)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"ChannelName {name} and ChannelARN {arn} do not refer to the same channel.");
        }

        return channel;
    }
}
