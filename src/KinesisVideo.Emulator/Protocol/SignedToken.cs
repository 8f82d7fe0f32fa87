using System.Security.Cryptography;
using System.Text;

namespace KinesisVideo.Emulator.Protocol;

/// <summary>
/// Page tokens the emulator hands out (ListFragments, GetImages): the query and position as text,
/// base64 (the models' pattern) with an HMAC of the emulator process, so a token it did not issue,
/// or an altered one, is refused instead of being read.
/// </summary>
internal static class SignedToken
{
    private const int MacLength = 16;
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    public static string Seal(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return Convert.ToBase64String([.. payload, .. Mac(payload)]);
    }

    /// <summary>The text sealed in <paramref name="token"/>; false when the emulator did not issue it.</summary>
    public static bool TryOpen(string token, out string text)
    {
        text = "";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= MacLength)
        {
            return false;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), bytes.AsSpan(payload.Length)))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(payload);
        return true;
    }

    private static byte[] Mac(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(s_key, payload)[..MacLength];
}
