using System.Globalization;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>Where a ListFragments page ends: the stream, the selector the listing started with, and the last fragment listed.</summary>
internal sealed record FragmentPagePosition(string StreamArn, FragmentTimeRange Range, string LastFragmentNumber);

/// <summary>
/// ListFragments' NextToken. It carries the whole query (stream, selector, last fragment number), as
/// the service lets the next call omit FragmentSelector, and resumes after the last fragment number,
/// so fragments that arrive between pages are listed once, on a later page (a <see cref="SignedToken"/>).
/// </summary>
internal static class FragmentPageToken
{
    private const char Separator = '\n';

    public static string For(FragmentPagePosition position)
    {
        var range = position.Range;
        return SignedToken.Seal(string.Join(
            Separator,
            position.StreamArn,
            range.SelectorType,
            range.Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            range.End!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            position.LastFragmentNumber));
    }

    /// <summary>The position <paramref name="token"/> records; InvalidArgumentException when the emulator did not issue it.</summary>
    public static FragmentPagePosition Read(string token)
    {
        // The token is not echoed: it is the caller's, and an altered one says nothing useful.
        if (!SignedToken.TryOpen(token, out var text))
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "The NextToken is not one this service issued for ListFragments.");
        }

        var parts = text.Split(Separator);
        var range = new FragmentTimeRange(
            parts[1],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[3], CultureInfo.InvariantCulture)));
        return new FragmentPagePosition(parts[0], range, parts[4]);
    }
}
