using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KinesisVideo.Client.Runtime.Serialization;

/// <summary>
/// Timestamps on the wire are epoch seconds: <c>1700000000</c>, <c>1700000000.123</c> or
/// <c>1.700000000123E9</c>. Reading keeps sub-second precision to the tick; writing sends
/// milliseconds, the precision Kinesis Video keeps.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    private const decimal TicksPerSecond = TimeSpan.TicksPerSecond;
    private static readonly decimal s_minSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly decimal s_maxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        decimal seconds;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDecimal(out seconds) && !TryParseExponent(reader.ValueSpan, out seconds))
            {
                throw new JsonException("A timestamp is out of range.");
            }
        }
        else if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            // Some AWS front ends quote numbers; the value is still epoch seconds.
        }
        else
        {
            throw new JsonException($"Expected a timestamp in epoch seconds, found {reader.TokenType}.");
        }

        if (seconds < s_minSeconds || seconds > s_maxSeconds)
        {
            throw new JsonException("A timestamp is out of range.");
        }

        return new DateTimeOffset(DateTimeOffset.UnixEpoch.Ticks + (long)decimal.Round(seconds * TicksPerSecond), TimeSpan.Zero);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var milliseconds = value.ToUnixTimeMilliseconds();
        writer.WriteNumberValue(milliseconds / 1000m);
    }

    private static bool TryParseExponent(ReadOnlySpan<byte> text, out decimal seconds)
    {
        // Utf8JsonReader.TryGetDecimal reads exponents, but a mantissa with more digits than decimal
        // holds ends up here; double keeps enough precision for a timestamp.
        if (Utf8Parser.TryParse(text, out double value, out var consumed, 'E') && consumed == text.Length
            && value >= (double)s_minSeconds && value <= (double)s_maxSeconds)
        {
            seconds = (decimal)value;
            return true;
        }

        seconds = 0;
        return false;
    }
}
