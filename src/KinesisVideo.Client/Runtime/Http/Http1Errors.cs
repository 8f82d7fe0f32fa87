using System.Text;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>
/// The errors of the HTTP/1.1 transport, as the typed exceptions .NET's own HTTP stack raises
/// (<see cref="HttpRequestException"/> with an <see cref="HttpRequestError"/>), so retry and endpoint
/// classification treat them like HttpClient's.
/// </summary>
internal static class Http1Errors
{
    private const int MaxQuoted = 64;

    public static HttpRequestException Malformed(string what) =>
        new(HttpRequestError.InvalidResponse, $"The server sent a malformed HTTP/1.1 response: {what}.");

    public static HttpRequestException EndedEarly(string what) =>
        new(HttpRequestError.ResponseEnded, $"The server closed the connection {what}.");

    /// <summary>A short, printable rendering of bytes a peer sent, for an error message.</summary>
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, MaxQuoted)])
        {
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return bytes.Length > MaxQuoted ? builder.Append("...").ToString() : builder.ToString();
    }

    public static string Quote(string text) => text.Length > MaxQuoted ? string.Concat(text.AsSpan(0, MaxQuoted), "...") : text;
}
