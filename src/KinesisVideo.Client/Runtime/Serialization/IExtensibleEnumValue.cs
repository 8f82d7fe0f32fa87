namespace KinesisVideo.Client.Runtime.Serialization;

/// <summary>
/// A string-valued enumeration whose set of values the service may grow: a value the client does
/// not know parses, compares and round-trips unchanged.
/// </summary>
/// <typeparam name="TSelf">The enumeration type.</typeparam>
public interface IExtensibleEnumValue<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IExtensibleEnumValue<TSelf>
{
    /// <summary>The value as it appears on the wire.</summary>
    string Value { get; }

    /// <summary>Creates the enumeration value for a wire value, known or not.</summary>
    /// <param name="value">The wire value.</param>
    static abstract TSelf FromValue(string value);
}
