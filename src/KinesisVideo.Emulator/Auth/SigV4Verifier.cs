using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 (header form) with the emulator's own code, written from AWS's
/// description of the algorithm and checked against AWS's published test suites; it shares nothing
/// with the signer of the client under test, so a signing bug cannot hide on both sides.
/// Failures are thrown as the errors AWS's front end answers with (HTTP 403).
/// </summary>
internal sealed class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private static readonly TimeSpan s_allowedSkew = TimeSpan.FromMinutes(5);

    private readonly CredentialStore _credentials;
    private readonly string _region;
    private readonly string _service;
    private readonly TimeProvider _time;
    private readonly bool _normalizePath;

    /// <param name="credentials">The key pairs accepted.</param>
    /// <param name="region">The region a request's credential scope must name.</param>
    /// <param name="service">The signing name a request's credential scope must name.</param>
    /// <param name="time">The clock requests' dates are compared with.</param>
    /// <param name="normalizePath">
    /// True (every service but S3): dot segments and empty segments are removed from the path and each
    /// segment is percent-encoded again. False (S3's rules): the path is signed exactly as sent.
    /// </param>
    public SigV4Verifier(CredentialStore credentials, string region, string service, TimeProvider time, bool normalizePath = true)
    {
        _credentials = credentials;
        _region = region;
        _service = service;
        _time = time;
        _normalizePath = normalizePath;
    }

    /// <summary>Returns the credentials that signed <paramref name="request"/>, or throws the error AWS would answer with.</summary>
    /// <param name="request">The request as it arrived.</param>
    /// <param name="payloadSigned">
    /// False for a streamed body (PutMedia), whose hash the service does not check: the signature is
    /// computed over the declared <c>x-amz-content-sha256</c> value, or the empty body's hash when none is sent.
    /// </param>
    public EmulatorCredentials Verify(SignedRequest request, bool payloadSigned = true)
    {
        var authorization = request.Header("Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw Refuse(ErrorCodes.MissingAuthenticationToken, "Missing Authentication Token");
        }

        var header = ParseAuthorization(authorization);
        var scope = header.Credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw Refuse(ErrorCodes.IncompleteSignature, $"Credential should be scoped to a valid region, service and 'aws4_request'. Got '{header.Credential}'.");
        }

        var credentials = _credentials.Find(scope[0])
            ?? throw Refuse(ErrorCodes.UnrecognizedClient, "The security token included in the request is invalid.");
        var token = request.Header("X-Amz-Security-Token");
        if (!string.Equals(token, credentials.SessionToken, StringComparison.Ordinal))
        {
            throw Refuse(ErrorCodes.UnrecognizedClient, "The security token included in the request is invalid.");
        }

        var now = _time.GetUtcNow();
        if (_credentials.IsExpired(credentials, now))
        {
            throw Refuse(ErrorCodes.ExpiredToken, "The security token included in the request is expired");
        }

        var amzDate = request.Header("X-Amz-Date");
        var signedAt = ParseDate(amzDate, request.Header("Date"));
        var dateStamp = signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (scope[1] != dateStamp)
        {
            throw Refuse(ErrorCodes.InvalidSignature, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scope[1]}' != '{dateStamp}', from '{Iso(signedAt)}'.");
        }

        if (scope[2] != _region)
        {
            // AWS's own words first; then what a newcomer needs: the region this emulator serves.
            throw Refuse(ErrorCodes.InvalidSignature, $"Credential should be scoped to a valid region, not '{scope[2]}'. This emulator serves region '{_region}': sign requests for it (the AWS CLI's --region or AWS_DEFAULT_REGION, an SDK's region setting).");
        }

        if (scope[3] != _service)
        {
            throw Refuse(ErrorCodes.InvalidSignature, $"Credential should be scoped to correct service: '{_service}'. ");
        }

        if (!header.SignedHeaders.Contains("host", StringComparer.Ordinal))
        {
            throw Refuse(ErrorCodes.InvalidSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // Checked before the signature, as AWS does: a correctly signed old request is still refused.
        if (signedAt < now - s_allowedSkew)
        {
            throw Refuse(ErrorCodes.InvalidSignature, $"Signature expired: {Iso(signedAt)} is now earlier than {Iso(now - s_allowedSkew)} ({Iso(now)} - 5 min.)");
        }

        if (signedAt > now + s_allowedSkew)
        {
            throw Refuse(ErrorCodes.InvalidSignature, $"Signature not yet current: {Iso(signedAt)} is still later than {Iso(now + s_allowedSkew)} ({Iso(now)} + 5 min.)");
        }

        var payloadHash = payloadSigned ? PayloadHash(request) : request.Header("X-Amz-Content-Sha256") ?? Hex(SHA256.HashData([]));
        var canonicalRequest = CanonicalRequest(request, header.SignedHeaders, payloadHash);
        var stringToSign = $"{Algorithm}\n{amzDate ?? Iso(signedAt)}\n{string.Join('/', scope[1..])}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), scope[1]);
        key = Hmac(key, scope[2]);
        key = Hmac(key, scope[3]);
        key = Hmac(key, "aws4_request");
        var expected = Encoding.ASCII.GetBytes(Hex(Hmac(key, stringToSign)));
        var provided = Encoding.ASCII.GetBytes(header.Signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, provided))
        {
            throw Refuse(ErrorCodes.InvalidSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return credentials;
    }

    /// <summary>The canonical request of SigV4 for <paramref name="request"/>.</summary>
    public string CanonicalRequest(SignedRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(_normalizePath ? CanonicalPath(request.RawPath) : (request.RawPath.Length == 0 ? "/" : request.RawPath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name)
                ?? throw Refuse(ErrorCodes.InvalidSignature, $"The signed header '{name}' is not in the request.");
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>
    /// The wire path with dot segments and empty segments removed (a trailing slash kept), each
    /// segment percent-encoded again: a wire path is already encoded, so '%20' is signed as '%2520',
    /// as every AWS service but S3 verifies it.
    /// </summary>
    internal static string CanonicalPath(string rawPath)
    {
        var segments = new List<string>();
        foreach (var segment in rawPath.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(UriEncode(segment));
        }

        var path = "/" + string.Join('/', segments);
        return segments.Count > 0 && rawPath.EndsWith('/') ? path + "/" : path;
    }

    /// <summary>Query parameters decoded, encoded again the SigV4 way, and sorted by key then value.</summary>
    internal static string CanonicalQuery(string rawQuery)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var parameter in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? "" : parameter[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(key)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 encoding of UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay as they are.</summary>
    internal static string UriEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // Values are trimmed and runs of spaces inside them collapsed to one.
    private static string CanonicalHeaderValue(string value) =>
        string.Join(' ', value.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static string PayloadHash(SignedRequest request)
    {
        var computed = Hex(SHA256.HashData(request.Body.Span));
        var declared = request.Header("X-Amz-Content-Sha256");
        if (declared is null)
        {
            return computed;
        }

        // A streaming body (PutMedia) may be sent unsigned; anything else must be the body's hash.
        if (declared == UnsignedPayload)
        {
            return declared;
        }

        if (!string.Equals(declared, computed, StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse(ErrorCodes.InvalidSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        return declared;
    }

    private static AuthorizationHeader ParseAuthorization(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || authorization[..space] != Algorithm)
        {
            throw Refuse(ErrorCodes.IncompleteSignature, $"Unsupported authorization type; only {Algorithm} is accepted.");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw Refuse(ErrorCodes.IncompleteSignature, "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }

        return new AuthorizationHeader(credential, signedHeaders.Split(';'), signature);
    }

    private static DateTimeOffset ParseDate(string? amzDate, string? date)
    {
        if (amzDate is not null)
        {
            if (DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }
        }
        else if (date is not null && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw Refuse(ErrorCodes.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static ServiceErrorException Refuse(string code, string message) => new(code, message);

    private sealed record AuthorizationHeader(string Credential, IReadOnlyList<string> SignedHeaders, string Signature);
}
