using System.Text.Json;

namespace KinesisVideo.Emulator.Protocol;

/// <summary>Writing response members in the service's wire forms.</summary>
internal static class JsonOutput
{
    /// <summary>A timestamp as the service sends it: epoch seconds, a number with a fraction (milliseconds).</summary>
    public static void WriteEpochSeconds(this Utf8JsonWriter writer, string member, DateTimeOffset time) =>
        writer.WriteNumber(member, time.ToUnixTimeMilliseconds() / 1000m);

    /// <summary>Writes the member only when it has a value, as the service omits absent members.</summary>
    public static void WriteOptional(this Utf8JsonWriter writer, string member, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(member, value);
        }
    }

    public static void WriteStringMap(this Utf8JsonWriter writer, string member, IEnumerable<KeyValuePair<string, string>> map)
    {
        writer.WriteStartObject(member);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
