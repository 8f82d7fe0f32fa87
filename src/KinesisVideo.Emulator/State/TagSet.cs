using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.State;

/// <summary>The tags of one stream or channel, with the service's limit of 50 per resource.</summary>
internal sealed class TagSet
{
    public const int MaxTagsPerResource = 50;

    private readonly SortedDictionary<string, string> _tags = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Items => _tags;

    /// <summary>Adds or overwrites <paramref name="tags"/>, all or none: past 50 in total nothing changes.</summary>
    public void Apply(IReadOnlyCollection<KeyValuePair<string, string>> tags)
    {
        var added = tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count(k => !_tags.ContainsKey(k));
        if (_tags.Count + added > MaxTagsPerResource)
        {
            throw new ServiceErrorException(ErrorCodes.TagsPerResourceExceededLimit, $"The resource would have {_tags.Count + added} tags; the limit is {MaxTagsPerResource} per resource.");
        }

        foreach (var (key, value) in tags)
        {
            _tags[key] = value;
        }
    }

    public void Remove(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _tags.Remove(key);
        }
    }
}
