using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// A frame rate as a rational number of frames per second, such as 25/1 or 30000/1001 (NTSC's
/// 29.97). Frame <c>n</c>'s timestamp is computed from <c>n</c> itself, not by adding frame
/// durations, so it does not drift: frame 30,000 at 30000/1001 is at exactly 1,001 s.
/// </summary>
public readonly record struct FrameRate
{
    /// <summary>Creates the rate <paramref name="numerator"/>/<paramref name="denominator"/> frames per second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A part is zero or negative.</exception>
    public FrameRate(int numerator, int denominator = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numerator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        Numerator = numerator;
        Denominator = denominator;
    }

    /// <summary>Frames per <see cref="Denominator"/> seconds.</summary>
    public int Numerator { get; }

    /// <summary>Seconds per <see cref="Numerator"/> frames.</summary>
    public int Denominator { get; }

    /// <summary>The rate as frames per second (approximate for rates such as 30000/1001).</summary>
    public double FramesPerSecond => (double)Numerator / Denominator;

    /// <summary>True unless this is the default (0/0) value.</summary>
    internal bool IsValid => Numerator > 0 && Denominator > 0;

    /// <summary>The timestamp of frame <paramref name="frameIndex"/> (0-based): index × denominator / numerator seconds, rounded down to a tick.</summary>
    public TimeSpan GetTimestamp(long frameIndex)
    {
        if (!IsValid)
        {
            throw new InvalidOperationException("The frame rate is not set.");
        }

        return TimeSpan.FromTicks((long)((Int128)frameIndex * Denominator * TimeSpan.TicksPerSecond / Numerator));
    }

    /// <summary>Parses <c>"25"</c> or <c>"30000/1001"</c>.</summary>
    /// <exception cref="FormatException">The text is not a positive integer or a ratio of two.</exception>
    public static FrameRate Parse(string text) =>
        TryParse(text, out var rate) ? rate : throw new FormatException($"'{text}' is not a frame rate such as 25 or 30000/1001.");

    /// <summary>Tries to parse <c>"25"</c> or <c>"30000/1001"</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out FrameRate rate)
    {
        rate = default;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var numeratorText = slash < 0 ? text : text[..slash];
        var denominatorText = slash < 0 ? "1" : text[(slash + 1)..];
        if (!int.TryParse(numeratorText, NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            || !int.TryParse(denominatorText, NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            || numerator <= 0 || denominator <= 0)
        {
            return false;
        }

        rate = new FrameRate(numerator, denominator);
        return true;
    }

    /// <summary>The rate as <c>"25"</c> or <c>"30000/1001"</c>.</summary>
    public override string ToString() =>
        Denominator == 1 ? Numerator.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
