using KinesisVideo.Client.Runtime.Serialization;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// What a PutMedia acknowledgement reports. Values the service adds later parse, compare and
/// round-trip.
/// </summary>
public readonly struct PutMediaAckEventType : IExtensibleEnumValue<PutMediaAckEventType>
{
    /// <summary>The service has started receiving the fragment (its first bytes arrived).</summary>
    public static PutMediaAckEventType BUFFERING { get; } = new("BUFFERING");

    /// <summary>The service has received the whole fragment. Fragments that are RECEIVED are never sent again.</summary>
    public static PutMediaAckEventType RECEIVED { get; } = new("RECEIVED");

    /// <summary>The service has persisted the fragment (streams with data retention only).</summary>
    public static PutMediaAckEventType PERSISTED { get; } = new("PERSISTED");

    /// <summary>The service could not process the fragment; <see cref="PutMediaAcknowledgement.ErrorId"/> says why. The service then closes the connection.</summary>
    public static PutMediaAckEventType ERROR { get; } = new("ERROR");

    /// <summary>The connection is open but no data is arriving; sent every few seconds for up to 30.</summary>
    public static PutMediaAckEventType IDLE { get; } = new("IDLE");

    /// <summary>Creates a value from its wire string, known or not.</summary>
    /// <param name="value">The wire string.</param>
    public PutMediaAckEventType(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc />
    public string Value => field ?? string.Empty;

    /// <inheritdoc />
    public static PutMediaAckEventType FromValue(string value) => new(value);

    /// <summary>Converts a wire string to a value.</summary>
    /// <param name="value">The wire string.</param>
    public static implicit operator PutMediaAckEventType(string value) => new(value);

    /// <summary>Compares two values by their wire string.</summary>
    public static bool operator ==(PutMediaAckEventType left, PutMediaAckEventType right) => left.Equals(right);

    /// <summary>Compares two values by their wire string.</summary>
    public static bool operator !=(PutMediaAckEventType left, PutMediaAckEventType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(PutMediaAckEventType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PutMediaAckEventType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
