using System.Buffers;
using System.Text.Json;
using KinesisVideo.Client.Runtime.Http;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// Reads PutMedia acknowledgements from the de-chunked response body in Kestrel's try-parse style:
/// one JSON object at a time, however the bytes are cut, returning false until an object is whole.
/// Objects are flat (<c>{"EventType":"PERSISTED","FragmentTimecode":...,"FragmentNumber":"..."}</c>) and
/// separated by newlines; the API reference's <c>{"Acknowledgement":{...}}</c> wrapper is read too.
/// Keys are matched exactly (PascalCase), unknown keys are skipped, and numbers may come quoted.
/// </summary>
internal static class AcknowledgementParser
{
    /// <summary>The largest acknowledgement accepted; the service's are about 150 bytes.</summary>
    public const int MaxAcknowledgementBytes = 16 * 1024;

    /// <exception cref="HttpRequestException">The body holds something other than acknowledgements (<see cref="HttpRequestError.InvalidResponse"/>).</exception>
    public static bool TryParse(in ReadOnlySequence<byte> buffer, out RawAcknowledgement acknowledgement, out SequencePosition consumed, out SequencePosition examined)
    {
        acknowledgement = default;
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny(" \t\r\n"u8);
        consumed = reader.Position;
        examined = buffer.End;
        if (reader.End)
        {
            return false;
        }

        if (!reader.TryPeek(out var first) || first != '{')
        {
            throw Malformed($"expected an acknowledgement object, found \"{Http1Errors.Quote(reader.UnreadSequence.Slice(0, Math.Min(32, reader.Remaining)).ToArray())}\"");
        }

        var objectBytes = reader.UnreadSequence;
        var json = new Utf8JsonReader(objectBytes, isFinalBlock: false, default);
        bool complete;
        try
        {
            complete = json.Read() && json.TrySkip();
        }
        catch (JsonException e)
        {
            throw Malformed($"the acknowledgement is not valid JSON ({e.Message})");
        }

        if (!complete)
        {
            if (objectBytes.Length > MaxAcknowledgementBytes)
            {
                throw Malformed($"an acknowledgement is longer than {MaxAcknowledgementBytes} bytes");
            }

            return false;
        }

        var end = objectBytes.GetPosition(json.BytesConsumed);
        acknowledgement = Read(objectBytes.Slice(0, end));
        consumed = examined = end;
        return true;
    }

    private static RawAcknowledgement Read(ReadOnlySequence<byte> objectBytes)
    {
        var json = new Utf8JsonReader(objectBytes, isFinalBlock: true, default);
        var result = default(RawAcknowledgement);
        try
        {
            json.Read();
            ReadMembers(ref json, ref result);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Malformed($"the acknowledgement's members are not what PutMedia sends ({e.Message})");
        }

        if (result.EventType is null)
        {
            throw Malformed("an acknowledgement has no EventType");
        }

        return result;
    }

    // Reads the members of the object the reader is on, into result; the reader ends on its EndObject.
    private static void ReadMembers(ref Utf8JsonReader json, ref RawAcknowledgement result)
    {
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("EventType"u8) || json.ValueTextEquals("AckEventType"u8))
            {
                json.Read();
                result.EventType = json.GetString();
            }
            else if (json.ValueTextEquals("FragmentTimecode"u8) || json.ValueTextEquals("FragmentTimeCode"u8))
            {
                json.Read();
                result.FragmentTimecode = ReadInteger(ref json);
            }
            else if (json.ValueTextEquals("FragmentNumber"u8))
            {
                json.Read();
                result.FragmentNumber = json.TokenType == JsonTokenType.Number ? System.Text.Encoding.ASCII.GetString(json.ValueSpan) : json.GetString();
            }
            else if (json.ValueTextEquals("ErrorId"u8))
            {
                json.Read();
                result.ErrorId = json.TokenType == JsonTokenType.Null ? null : checked((int)ReadInteger(ref json)!);
            }
            else if (json.ValueTextEquals("ErrorCode"u8))
            {
                json.Read();
                result.ErrorCode = json.TokenType == JsonTokenType.Null ? null : json.TokenType == JsonTokenType.String ? json.GetString() : System.Text.Encoding.ASCII.GetString(json.ValueSpan);
            }
            else if (json.ValueTextEquals("Acknowledgement"u8))
            {
                json.Read();
                if (json.TokenType == JsonTokenType.StartObject)
                {
                    ReadMembers(ref json, ref result);
                }
                else
                {
                    json.Skip();
                }
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }
    }

    private static long? ReadInteger(ref Utf8JsonReader json) => json.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => long.Parse(json.GetString()!, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture),
        _ => json.GetInt64(),
    };

    private static HttpRequestException Malformed(string what) =>
        new(HttpRequestError.InvalidResponse, $"The PutMedia response is not an acknowledgement stream: {what}.");
}

/// <summary>One acknowledgement as it arrived, before it is matched to a fragment.</summary>
internal struct RawAcknowledgement
{
    public string? EventType;
    public long? FragmentTimecode;
    public string? FragmentNumber;
    public int? ErrorId;
    public string? ErrorCode;
}
