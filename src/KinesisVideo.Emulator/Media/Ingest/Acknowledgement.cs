using System.Text.Json;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// One line of a PutMedia response: a flat JSON object with PascalCase members, as the service
/// writes them (the API reference's nested example is not what the wire carries).
/// </summary>
/// <param name="EventType">BUFFERING, RECEIVED, PERSISTED, ERROR or IDLE.</param>
/// <param name="FragmentTimecode">The fragment's Cluster Timecode as sent; absent on IDLE and on errors before a Cluster.</param>
/// <param name="FragmentNumber">The fragment's number; absent on IDLE and on errors before a fragment.</param>
/// <param name="Error">For ERROR: the id and code.</param>
internal sealed record Acknowledgement(string EventType, long? FragmentTimecode = null, string? FragmentNumber = null, IngestError? Error = null)
{
    public const string Buffering = "BUFFERING";
    public const string Received = "RECEIVED";
    public const string Persisted = "PERSISTED";
    public const string ErrorEvent = "ERROR";
    public const string Idle = "IDLE";

    /// <summary>The emulator's clock when the ack was due: delays (a fault) count from here.</summary>
    public DateTimeOffset DueAt { get; init; }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(nameof(EventType), EventType);
        if (FragmentTimecode is { } timecode)
        {
            writer.WriteNumber(nameof(FragmentTimecode), timecode);
        }

        if (FragmentNumber is not null)
        {
            writer.WriteString(nameof(FragmentNumber), FragmentNumber);
        }

        if (Error is not null)
        {
            writer.WriteNumber("ErrorId", Error.Id);
            writer.WriteString("ErrorCode", Error.Code);
        }

        writer.WriteEndObject();
    }
}
