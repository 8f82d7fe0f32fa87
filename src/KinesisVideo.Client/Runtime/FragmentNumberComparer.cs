namespace KinesisVideo.Client.Runtime;

/// <summary>
/// Orders Kinesis Video fragment numbers as the numbers they are: decimal strings of about 47 digits,
/// too large for <see cref="long"/> or <see cref="decimal"/>. A shorter string is a smaller number;
/// strings of one length compare digit by digit. Null sorts first.
/// </summary>
public sealed class FragmentNumberComparer : IComparer<string?>
{
    /// <summary>The comparer.</summary>
    public static FragmentNumberComparer Instance { get; } = new();

    private FragmentNumberComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
    }
}
