using System.Text;
using System.Text.Json;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>
/// A signed request published by one of AWS's SigV4 suites in ../shared/kvs-oracle/sigv4-suite (read in
/// place, never copied): the 2015 suite's <c>.sreq</c> files and aws-c-auth's
/// <c>header-signed-request.txt</c>, parsed as the suites' own harnesses parse them (a continuation
/// line is folded into the header's value with a space; repeated header lines stay separate and the
/// verifier joins them with ',').
/// </summary>
public sealed record PublishedSignedRequest(string Name, SignedRequestData Request, string? SessionToken, bool NormalizePath)
{
    public const string Region = "us-east-1";
    public const string Service = "service";
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public override string ToString() => Name;

    public static IEnumerable<TestCaseData> All()
    {
        var root = SharedReference.Root;
        if (root is null)
        {
            yield return new TestCaseData(null).Ignore("../shared/kvs-oracle/sigv4-suite is not present beside the repository.");
            yield break;
        }

        var suites = Path.Combine(root, "kvs-oracle", "sigv4-suite");
        foreach (var request in Load2015(Path.Combine(suites, "aws4_testsuite")).Concat(LoadCrt(Path.Combine(suites, "aws-signing-test-suite-v4"))))
        {
            yield return new TestCaseData(request).SetArgDisplayNames(request.Name);
        }
    }

    private static IEnumerable<PublishedSignedRequest> Load2015(string folder)
    {
        foreach (var sreq in Directory.EnumerateFiles(folder, "*.sreq", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stem = sreq[..^5];
            var name = "aws4_testsuite/" + Path.GetRelativePath(folder, stem);
            SignedRequestData request;
            if (name.EndsWith("get-vanilla-with-session-token", StringComparison.Ordinal))
            {
                // This .sreq carries a placeholder signature (see ../shared/kvs-oracle/SOURCE.md); the
                // request is rebuilt from its .req, the token its .creq signs, and its .authz.
                var token = File.ReadAllLines(stem + ".creq").Single(l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal));
                var authorization = File.ReadAllText(stem + ".authz").Trim();
                request = Parse(File.ReadAllText(stem + ".req").TrimEnd() + "\nX-Amz-Security-Token:" + token["x-amz-security-token:".Length..] + "\nAuthorization:" + authorization);
            }
            else
            {
                request = Parse(File.ReadAllText(sreq));
            }

            yield return new PublishedSignedRequest(name, request, request.Header("X-Amz-Security-Token"), NormalizePath: true);
        }
    }

    private static IEnumerable<PublishedSignedRequest> LoadCrt(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var signed = Path.Combine(dir, "header-signed-request.txt");
            if (!File.Exists(signed))
            {
                continue;
            }

            using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json")));
            var normalize = context.RootElement.GetProperty("normalize").GetBoolean();
            var request = Parse(File.ReadAllText(signed));
            if (!normalize)
            {
                // S3 rules sign the path as it goes on the wire, encoded once; the suite writes the raw
                // path in the request line, so it is encoded here as a client would send it.
                request = request with { RawPath = string.Join('/', request.RawPath.Split('/').Select(Uri.EscapeDataString)) };
            }

            yield return new PublishedSignedRequest("aws-signing-test-suite-v4/" + Path.GetFileName(dir), request, request.Header("X-Amz-Security-Token"), normalize);
        }
    }

    private static SignedRequestData Parse(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split >= 0 ? text[..split] : text;
        var body = split >= 0 ? Encoding.UTF8.GetBytes(text[(split + 2)..]) : [];
        var lines = head.Split('\n');
        var method = lines[0][..lines[0].IndexOf(' ', StringComparison.Ordinal)];
        var target = lines[0][(method.Length + 1)..lines[0].LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?', StringComparison.Ordinal);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (char.IsWhiteSpace(line[0]))
            {
                headers[^1] = new(headers[^1].Key, headers[^1].Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return new SignedRequestData(method, question < 0 ? target : target[..question], question < 0 ? "" : target[(question + 1)..], headers, body);
    }
}

/// <summary>A test-side copy of a request's parts, converted to the emulator's <see cref="SignedRequest"/>.</summary>
public sealed record SignedRequestData(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    internal SignedRequest ToSignedRequest() => new(Method, RawPath, RawQuery, Headers, Body);
}
