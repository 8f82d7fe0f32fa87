using System.Collections.Concurrent;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// Endpoints looked up from the service (GetDataEndpoint, GetSignalingChannelEndpoint), kept for a
/// time-to-live. One lookup per key is in flight however many callers wait for it (single-flight);
/// a failed lookup is not kept, and an entry can be dropped when a call to its endpoint fails.
/// </summary>
/// <remarks>
/// The lookup runs without any one caller's cancellation token, so a caller that gives up does not
/// fail the others waiting on the same lookup; it is bounded by the lookup call's own retries and
/// timeouts. Each caller waits with its own token.
/// </remarks>
internal sealed class EndpointCache<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly Func<TKey, CancellationToken, Task<Uri>> _lookup;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeToLive;

    public EndpointCache(Func<TKey, CancellationToken, Task<Uri>> lookup, TimeProvider timeProvider, TimeSpan timeToLive)
    {
        _lookup = lookup;
        _timeProvider = timeProvider;
        _timeToLive = timeToLive;
    }

    public async ValueTask<Uri> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static (key, cache) => new Entry(cache, key), this);
            var lookup = entry.Lookup.Value;
            if (lookup.IsCompletedSuccessfully && entry.ExpiresAt <= _timeProvider.GetUtcNow())
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                continue;
            }

            try
            {
                return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch when (lookup.IsFaulted || lookup.IsCanceled)
            {
                // A failed lookup is not cached: the next caller asks again.
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
        }
    }

    /// <summary>Drops the entry for <paramref name="key"/> if it still points at <paramref name="endpoint"/>.</summary>
    public void Invalidate(TKey key, Uri endpoint)
    {
        if (_entries.TryGetValue(key, out var entry)
            && entry.Lookup.IsValueCreated
            && entry.Lookup.Value.IsCompletedSuccessfully
            && entry.Lookup.Value.Result == endpoint)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private sealed class Entry
    {
        public Entry(EndpointCache<TKey> cache, TKey key) =>
            Lookup = new Lazy<Task<Uri>>(() => RunAsync(cache, key), LazyThreadSafetyMode.ExecutionAndPublication);

        public Lazy<Task<Uri>> Lookup { get; }

        public DateTimeOffset ExpiresAt { get; private set; } = DateTimeOffset.MaxValue;

        private async Task<Uri> RunAsync(EndpointCache<TKey> cache, TKey key)
        {
            var endpoint = await cache._lookup(key, CancellationToken.None).ConfigureAwait(false);
            ExpiresAt = cache._timeProvider.GetUtcNow() + cache._timeToLive;
            return endpoint;
        }
    }
}
