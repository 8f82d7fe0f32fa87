using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// Every page of a paginated operation and every item on them, fetched one page at a time as the
/// caller enumerates. The first request is never changed (each page's request is a copy carrying
/// the continuation token), so the same paginator can be enumerated again; a token that repeats
/// ends the walk rather than looping.
/// </summary>
/// <typeparam name="TRequest">The operation's request.</typeparam>
/// <typeparam name="TResponse">The operation's response (one page).</typeparam>
/// <typeparam name="TItem">The items a page lists.</typeparam>
public class Paginator<TRequest, TResponse, TItem> : IAsyncEnumerable<TItem>
    where TRequest : class
    where TResponse : class
{
    private readonly TRequest _first;
    private readonly Func<TRequest, CancellationToken, Task<TResponse>> _send;
    private readonly Func<TRequest, string?, TRequest> _withToken;
    private readonly Func<TResponse, string?> _nextToken;
    private readonly Func<TResponse, IEnumerable<TItem>?> _items;

    /// <summary>Creates a paginator; the clients' <c>Paginators</c> property makes them.</summary>
    /// <param name="first">The first page's request.</param>
    /// <param name="send">Sends one page's request.</param>
    /// <param name="withToken">Copies a request with another continuation token.</param>
    /// <param name="nextToken">The continuation token a page ends with, if any.</param>
    /// <param name="items">The items on a page.</param>
    public Paginator(
        TRequest first,
        Func<TRequest, CancellationToken, Task<TResponse>> send,
        Func<TRequest, string?, TRequest> withToken,
        Func<TResponse, string?> nextToken,
        Func<TResponse, IEnumerable<TItem>?> items)
    {
        _first = first;
        _send = send;
        _withToken = withToken;
        _nextToken = nextToken;
        _items = items;
    }

    /// <summary>The pages, one request each.</summary>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public virtual async IAsyncEnumerable<TResponse> PagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = _first;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await _send(request, cancellationToken).ConfigureAwait(false);
            yield return page;
            var token = _nextToken(page);
            if (string.IsNullOrEmpty(token) || !seen.Add(token))
            {
                yield break;
            }

            request = _withToken(_first, token);
        }
    }

    /// <summary>The items of every page, in order.</summary>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public virtual async IAsyncEnumerator<TItem> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in PagesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_items(page) is { } items)
            {
                foreach (var item in items)
                {
                    yield return item;
                }
            }
        }
    }
}
