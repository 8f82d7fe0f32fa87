namespace KinesisVideo.Emulator.Auth;

/// <summary>
/// A request as it arrived, in the terms SigV4 signs: the method, the request-target's path and query
/// exactly as sent (still percent-encoded), every header line in arrival order (a name may repeat),
/// and the body bytes.
/// </summary>
internal sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>All values of a header, joined with ',' in arrival order; null when absent.</summary>
    public string? Header(string name)
    {
        string? joined = null;
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                joined = joined is null ? value : joined + "," + value;
            }
        }

        return joined;
    }
}
