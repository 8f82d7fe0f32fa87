using System.Text.Json.Serialization;
using KinesisVideo.Client.Runtime.Serialization;

namespace KinesisVideo.Client.ControlPlane.Model;

/// <summary>The status of a stream or signaling channel. Values the service adds later parse and round-trip.</summary>
[JsonConverter(typeof(ExtensibleEnumConverter<Status>))]
public readonly struct Status : IExtensibleEnumValue<Status>
{
    /// <summary>The resource is being created.</summary>
    public static Status CREATING { get; } = new("CREATING");

    /// <summary>The resource is ready for use.</summary>
    public static Status ACTIVE { get; } = new("ACTIVE");

    /// <summary>The resource is being updated.</summary>
    public static Status UPDATING { get; } = new("UPDATING");

    /// <summary>The resource is being deleted.</summary>
    public static Status DELETING { get; } = new("DELETING");

    /// <summary>Creates a status from its wire value, known or not.</summary>
    /// <param name="value">The wire value.</param>
    public Status(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc />
    public string Value => field ?? string.Empty;

    /// <inheritdoc />
    public static Status FromValue(string value) => new(value);

    /// <summary>Converts a wire value to a status.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator Status(string value) => new(value);

    /// <summary>Compares two statuses by value.</summary>
    public static bool operator ==(Status left, Status right) => left.Equals(right);

    /// <summary>Compares two statuses by value.</summary>
    public static bool operator !=(Status left, Status right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(Status other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Status other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
