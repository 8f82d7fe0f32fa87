using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>Where a ListFragments page ends: the stream, the selector the listing started with, and the last fragment listed.</summary>
internal sealed record FragmentPagePosition(string StreamArn, FragmentTimeRange Range, string LastFragmentNumber);

/// <summary>
/// ListFragments' NextToken. It carries the whole query (stream, selector, last fragment number), as
/// the service lets the next call omit FragmentSelector, and resumes after the last fragment number,
/// so fragments that arrive between pages are listed once, on a later page. The token is base64 (the
/// model's pattern) with an HMAC of the emulator process, so a token it did not issue, or an altered
/// one, is refused instead of being read.
/// </summary>
internal static class FragmentPageToken
{
    private const int MacLength = 16;
    private const char Separator = '\n';
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(32);

    public static string For(FragmentPagePosition position)
    {
        var range = position.Range;
        var text = string.Join(
            Separator,
            position.StreamArn,
            range.SelectorType,
            range.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            range.End!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            position.LastFragmentNumber);
        var payload = Encoding.UTF8.GetBytes(text);
        return Convert.ToBase64String([.. payload, .. Mac(payload)]);
    }

    /// <summary>The position <paramref name="token"/> records; InvalidArgumentException when the emulator did not issue it.</summary>
    public static FragmentPagePosition Read(string token)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(token);
        }
        catch (FormatException)
        {
            throw NotIssued();
        }

        if (bytes.Length <= MacLength)
        {
            throw NotIssued();
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), bytes.AsSpan(payload.Length)))
        {
            throw NotIssued();
        }

        var parts = Encoding.UTF8.GetString(payload).Split(Separator);
        var range = new FragmentTimeRange(
            parts[1],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[3], CultureInfo.InvariantCulture)));
        return new FragmentPagePosition(parts[0], range, parts[4]);
    }

    private static byte[] Mac(ReadOnlySpan<byte> payload) => HMACSHA256.HashData(s_key, payload)[..MacLength];

    // The token is not echoed: it is the caller's, and an altered one says nothing useful.
    private static ServiceErrorException NotIssued() =>
        new(ErrorCodes.InvalidArgument, "The NextToken is not one this service issued for ListFragments.");
}
