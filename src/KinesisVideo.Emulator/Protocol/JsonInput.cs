using System.Text.Json;

namespace KinesisVideo.Emulator.Protocol;

/// <summary>
/// Reading members of a request body that the input validator has already checked against the
/// model, so types are right and only presence is in question. An explicit null reads as absent.
/// </summary>
internal static class JsonInput
{
    // The range DateTimeOffset can hold; the models allow any number, the service any time it can store.
    private const decimal MinEpochSeconds = -62_135_596_800m;
    private const decimal MaxEpochSeconds = 253_402_300_799m;

    public static string? String(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int? Int(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    public static long? Long(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    public static double? Double(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>
    /// A timestamp member in the rest-json form, epoch seconds with an optional fraction, to the
    /// millisecond; null when absent. The validator has checked it is a number; one outside the times
    /// a DateTimeOffset holds is refused with InvalidArgumentException.
    /// </summary>
    public static DateTimeOffset? Timestamp(this JsonElement input, string member)
    {
        if (!input.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (!value.TryGetDecimal(out var seconds) || seconds < MinEpochSeconds || seconds > MaxEpochSeconds)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"{member} {value.GetRawText()} is outside the range of times the service stores.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
    }

    public static JsonElement? Object(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement input, string member) =>
        input.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>A string-to-string map member (ResourceTags) as pairs.</summary>
    public static List<KeyValuePair<string, string>> StringMap(this JsonElement input, string member) =>
        input.Object(member) is { } map ? map.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? "")).ToList() : [];

    /// <summary>A list of Tag structures ({"Key":..,"Value":..}) as pairs.</summary>
    public static List<KeyValuePair<string, string>> TagList(this JsonElement input, string member) =>
        input.Array(member).Select(t => new KeyValuePair<string, string>(t.String("Key")!, t.String("Value") ?? "")).ToList();
}
