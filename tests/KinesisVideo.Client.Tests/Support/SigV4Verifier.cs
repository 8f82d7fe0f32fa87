using System.Security.Cryptography;
using System.Text;

namespace KinesisVideo.Client.Tests.Support;

/// <summary>
/// Recomputes the SigV4 signature of a request as the server received it, with code of its own
/// (not AWSSDK.Core's), so that a test can tell a request arrived exactly as it was signed.
/// Handles what the client sends: header signing, no query string, ASCII paths.
/// </summary>
internal static class SigV4Verifier
{
    public static string? Verify(RecordedRequest request, string secretKey, string region, string service)
    {
        if (!request.Headers.TryGetValue("Authorization", out var authorization))
        {
            return "no Authorization header";
        }

        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var scope = parts["Credential"].Split('/', 2)[1];
        var signedHeaders = parts["SignedHeaders"].Split(';');
        var amzDate = request.Headers["X-Amz-Date"];
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (request.Headers.TryGetValue("X-Amz-Content-SHA256", out var declared) && declared != payloadHash)
        {
            return "x-amz-content-sha256 does not match the body that arrived";
        }

        var canonicalHeaders = string.Concat(signedHeaders.Select(h => h + ":" + string.Join(' ', request.Headers[h].Split(' ', StringSplitOptions.RemoveEmptyEntries)) + "\n"));
        var canonicalPath = string.Join('/', request.Path.Split('/').Select(segment => Uri.EscapeDataString(segment)));
        var canonicalRequest = $"{request.Method}\n{canonicalPath}\n{request.Query.TrimStart('?')}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\n{payloadHash}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), amzDate[..8]);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Convert.ToHexStringLower(Hmac(key, stringToSign));
        return expected == parts["Signature"] ? null : $"signature mismatch: expected {expected}, got {parts["Signature"]}";
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
