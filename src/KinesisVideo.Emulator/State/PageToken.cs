using System.Text;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.State;

/// <summary>
/// NextToken values for the List operations: the base64 of the name the next page starts at, which
/// satisfies the model's pattern (<c>[a-zA-Z0-9+/=]*</c>) and stays valid when other items are
/// created or deleted between pages.
/// </summary>
internal static class PageToken
{
    public static string For(string nextName) => Convert.ToBase64String(Encoding.UTF8.GetBytes(nextName));

    /// <summary>The name a token starts at; null for no token.</summary>
    public static string? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "The NextToken is not valid.");
        }
    }

    /// <summary>One page of <paramref name="items"/> (already in name order) starting at <paramref name="token"/>.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, string> name, string? token, int maxResults)
    {
        var start = Read(token);
        var page = new List<T>();
        foreach (var item in items)
        {
            if (start is not null && string.CompareOrdinal(name(item), start) < 0)
            {
                continue;
            }

            if (page.Count == maxResults)
            {
                return (page, For(name(item)));
            }

            page.Add(item);
        }

        return (page, null);
    }
}
