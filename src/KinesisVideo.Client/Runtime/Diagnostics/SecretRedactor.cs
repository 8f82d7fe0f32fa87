using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Runtime.Diagnostics;

/// <summary>
/// Removes credentials from text that may reach a log or an exception message: signatures, session
/// tokens and secret keys in header form (<c>x-amz-security-token:...</c>, as a service echoes a
/// canonical request back), in query form (<c>X-Amz-Security-Token=...</c>, as in presigned and
/// HLS/DASH session URLs), and the signature of an Authorization header.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Returns <paramref name="text"/> with every credential it carries replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">Text that may carry credentials; null gives null.</param>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || !MayCarrySecrets(text))
        {
            return text;
        }

        text = QueryParameter().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
        text = HeaderLine().Replace(text, m => m.Groups["name"].Value + ":" + Mask);
        return AuthorizationSignature().Replace(text, "Signature=" + Mask);
    }

    // A cheap pre-check keeps the regular expressions off the common path of messages with no secrets.
    private static bool MayCarrySecrets(string text) =>
        text.Contains("token", StringComparison.OrdinalIgnoreCase)
        || text.Contains("signature", StringComparison.OrdinalIgnoreCase)
        || text.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || text.Contains("authorization", StringComparison.OrdinalIgnoreCase)
        || text.Contains("credential", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<name>X-Amz-Security-Token|X-Amz-Signature|SessionToken|aws_session_token|aws_secret_access_key|SecretAccessKey|SecretKey)=[^&\s""'<>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryParameter();

    [GeneratedRegex(@"(?<name>x-amz-security-token|authorization|x-amz-signature|aws_session_token|aws_secret_access_key)\s*:[^\r\n""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"Signature=[0-9a-fA-F]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationSignature();
}
