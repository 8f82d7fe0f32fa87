using System.Globalization;
using System.Net;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>The status line and headers of an HTTP/1.1 response, as read off the wire.</summary>
internal sealed class Http1ResponseHead
{
    public Http1ResponseHead(HttpStatusCode statusCode, string reasonPhrase, int minorVersion, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        MinorVersion = minorVersion;
        Headers = headers;
    }

    public HttpStatusCode StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>1 for HTTP/1.1, 0 for HTTP/1.0.</summary>
    public int MinorVersion { get; }

    /// <summary>The headers in the order received; names as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The value of the first header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>How the body is delimited (RFC 9112 section 6.3).</summary>
    /// <exception cref="HttpRequestException">The framing headers contradict each other or are malformed.</exception>
    public Http1BodyFraming GetBodyFraming(out long contentLength)
    {
        contentLength = 0;
        if ((int)StatusCode is >= 100 and < 200 or 204 or 304)
        {
            return Http1BodyFraming.None;
        }

        if (this["Transfer-Encoding"] is { } encoding)
        {
            // Chunked must be the final coding; anything else means read to the close.
            var last = encoding.Split(',').Last().Trim();
            return last.Equals("chunked", StringComparison.OrdinalIgnoreCase) ? Http1BodyFraming.Chunked : Http1BodyFraming.UntilClose;
        }

        if (this["Content-Length"] is { } length)
        {
            if (!long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
            {
                throw Http1Errors.Malformed($"Content-Length \"{Http1Errors.Quote(length)}\" is not a length");
            }

            return Http1BodyFraming.ContentLength;
        }

        return Http1BodyFraming.UntilClose;
    }
}

/// <summary>How an HTTP/1.1 response body ends.</summary>
internal enum Http1BodyFraming
{
    /// <summary>No body (1xx, 204, 304).</summary>
    None,

    /// <summary><c>Transfer-Encoding: chunked</c>: ends with the zero-length chunk.</summary>
    Chunked,

    /// <summary><c>Content-Length</c> bytes.</summary>
    ContentLength,

    /// <summary>Everything until the server closes the connection.</summary>
    UntilClose,
}
