using System.Net.Sockets;
using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// The endpoint of one call, taken from an <see cref="EndpointCache{TKey}"/>; a failure that says the
/// endpoint itself is wrong drops it, so the retry (or the next call) looks it up again.
/// </summary>
internal sealed class CachedEndpoint<TKey>(EndpointCache<TKey> cache, TKey key) : IEndpointSource
    where TKey : notnull
{
    public ValueTask<Uri> GetAsync(CancellationToken cancellationToken) => cache.GetAsync(key, cancellationToken);

    public void OnFailure(Uri endpoint, Exception failure)
    {
        if (MeansTheEndpointIsWrong(failure))
        {
            cache.Invalidate(key, endpoint);
        }
    }

    /// <summary>
    /// A connection that could not be made, or the service saying the endpoint or the stream is not
    /// there (<c>InvalidEndpointException</c>, <c>ResourceNotFoundException</c>: a stream deleted and
    /// re-created lives elsewhere).
    /// </summary>
    internal static bool MeansTheEndpointIsWrong(Exception failure) => failure switch
    {
        InvalidEndpointException or ResourceNotFoundException => true,
        HttpRequestException http => http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            || http.InnerException is SocketException,
        SocketException => true,
        _ => false,
    };
}
