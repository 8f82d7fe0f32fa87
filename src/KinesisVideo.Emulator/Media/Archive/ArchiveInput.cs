using System.Text.Json;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>Reading the archived media API's timestamps: epoch seconds, a number that may carry a fraction.</summary>
internal static class ArchiveInput
{
    // The range DateTimeOffset can hold; the model allows any number, the service any time it can store.
    private const decimal MinSeconds = -62_135_596_800m;
    private const decimal MaxSeconds = 253_402_300_799m;

    /// <summary>The timestamp member <paramref name="member"/>, to the millisecond; null when absent.</summary>
    public static DateTimeOffset? Timestamp(this JsonElement input, string member)
    {
        if (!input.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (!value.TryGetDecimal(out var seconds) || seconds < MinSeconds || seconds > MaxSeconds)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"{member} {value.GetRawText()} is outside the range of times the service stores.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
    }
}
