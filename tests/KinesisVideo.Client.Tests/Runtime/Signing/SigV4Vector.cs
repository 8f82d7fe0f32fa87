using System.Text;
using System.Text.Json;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime.Signing;

/// <summary>
/// One vector of AWS's SigV4 test suites in ../shared/kvs-oracle/sigv4-suite: the 2015
/// aws-sig-v4-test-suite (.req/.creq/.sts/.authz) and the aws-c-auth suite (context.json,
/// request.txt, header-* and query-* files). Requests are parsed as the suites' own harnesses do:
/// repeated header lines are joined with ',' in order and continuation lines are folded into the
/// value with a space.
/// </summary>
public sealed record SigV4Vector(
    string Suite,
    string Name,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? SessionToken,
    bool Normalize,
    bool SignBody,
    bool OmitSessionToken,
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string? QuerySignedRequestTarget,
    TimeSpan QueryExpiry)
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public override string ToString() => $"{Suite}/{Name}";

    /// <summary>Every vector of both suites; a single ignored case when ../shared is absent.</summary>
    public static IEnumerable<TestCaseData> All() => Cases(_ => true);

    /// <summary>The vectors whose suite publishes a presigned (query) form too.</summary>
    public static IEnumerable<TestCaseData> WithQueryForm() => Cases(v => v.QuerySignedRequestTarget is not null);

    private static IEnumerable<TestCaseData> Cases(Func<SigV4Vector, bool> include)
    {
        var root = SharedReference.Root;
        if (root is null)
        {
            yield return new TestCaseData(null).Ignore("../shared/kvs-oracle/sigv4-suite is not present beside the repository.");
            yield break;
        }

        var suites = Path.Combine(root, "kvs-oracle", "sigv4-suite");
        foreach (var vector in Load2015(Path.Combine(suites, "aws4_testsuite")).Concat(LoadCrt(Path.Combine(suites, "aws-signing-test-suite-v4"))).Where(include))
        {
            yield return new TestCaseData(vector).SetArgDisplayNames(vector.ToString());
        }
    }

    private static IEnumerable<SigV4Vector> Load2015(string folder)
    {
        foreach (var req in Directory.EnumerateFiles(folder, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stem = req[..^4];
            var name = Path.GetRelativePath(folder, stem);
            var canonical = File.ReadAllText(stem + ".creq");
            var token = canonical.Split('\n').FirstOrDefault(l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal))?["x-amz-security-token:".Length..];
            var authorization = File.ReadAllText(stem + ".authz");
            var (method, target, headers, body) = ParseRequest(File.ReadAllBytes(req));
            yield return new SigV4Vector(
                "aws4_testsuite", name, method, target, headers, body, token,
                Normalize: true, SignBody: false, OmitSessionToken: name.Contains("header-after", StringComparison.Ordinal),
                canonical, File.ReadAllText(stem + ".sts"), authorization[(authorization.LastIndexOf('=') + 1)..].Trim(),
                QuerySignedRequestTarget: null, QueryExpiry: TimeSpan.Zero);
        }
    }

    private static IEnumerable<SigV4Vector> LoadCrt(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var contextFile = Path.Combine(dir, "context.json");
            if (!File.Exists(contextFile))
            {
                continue;
            }

            using var context = JsonDocument.Parse(File.ReadAllText(contextFile));
            var c = context.RootElement;
            var token = c.GetProperty("credentials").TryGetProperty("token", out var t) ? t.GetString() : null;
            var (method, target, headers, body) = ParseRequest(File.ReadAllBytes(Path.Combine(dir, "request.txt")));
            var querySigned = Path.Combine(dir, "query-signed-request.txt");
            yield return new SigV4Vector(
                "aws-signing-test-suite-v4", Path.GetFileName(dir), method, target, headers, body, token,
                Normalize: c.GetProperty("normalize").GetBoolean(),
                SignBody: c.TryGetProperty("sign_body", out var sb) && sb.GetBoolean(),
                OmitSessionToken: c.TryGetProperty("omit_session_token", out var ost) && ost.GetBoolean(),
                File.ReadAllText(Path.Combine(dir, "header-canonical-request.txt")),
                File.ReadAllText(Path.Combine(dir, "header-string-to-sign.txt")),
                File.ReadAllText(Path.Combine(dir, "header-signature.txt")).Trim(),
                File.Exists(querySigned) ? File.ReadAllText(querySigned).Split('\n')[0].Split(' ')[1] : null,
                TimeSpan.FromSeconds(c.TryGetProperty("expiration_in_seconds", out var e) ? e.GetInt32() : 3600));
        }
    }

    private static (string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body) ParseRequest(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split >= 0 ? text[..split] : text;
        var body = split >= 0 ? Encoding.UTF8.GetBytes(text[(split + 2)..]) : [];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            var existing = headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                headers[existing] = new(headers[existing].Key, headers[existing].Value + "," + value);
            }
            else
            {
                headers.Add(new(name, value));
            }
        }

        return (method, target, headers, body);
    }
}
