namespace KinesisVideo.Client.Mkv;

/// <summary>
/// The MKV input is malformed or exceeds a configured limit. Carries where it went wrong: the
/// byte offset from the start of the stream and the element being read.
/// </summary>
public sealed class MkvFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message and no position.</summary>
    public MkvFormatException()
        : this("The MKV input is malformed.")
    {
    }

    /// <summary>Creates the exception with a plain message and no position.</summary>
    public MkvFormatException(string message)
        : base(message)
    {
        Offset = -1;
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public MkvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
    }

    /// <summary>Creates the exception for the element <paramref name="elementId"/> at <paramref name="offset"/>.</summary>
    public MkvFormatException(string problem, long offset, uint elementId)
        : base($"{problem} (element {MkvElementIds.GetName(elementId)} 0x{elementId:X}, at byte offset {offset}).")
    {
        Offset = offset;
        ElementId = elementId;
        ElementName = MkvElementIds.GetName(elementId);
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/> before any element id was known.</summary>
    public MkvFormatException(string problem, long offset)
        : base($"{problem} (at byte offset {offset}).")
    {
        Offset = offset;
    }

    /// <summary>
    /// True when the input is well formed as far as it goes but stopped inside an element (a body
    /// cut short, e.g. by a dropped connection), rather than being malformed.
    /// </summary>
    public bool IsTruncated { get; private init; }

    /// <summary>The byte offset from the start of the input where the faulty element starts; -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>The id of the element being read, or null when the id itself could not be read.</summary>
    public uint? ElementId { get; }

    /// <summary>The Matroska name of <see cref="ElementId"/> ("Unknown" for ids this library does not name).</summary>
    public string? ElementName { get; }

    internal static MkvFormatException Truncated(string problem, long offset, uint? elementId) =>
        elementId is { } id
            ? new MkvFormatException(problem, offset, id) { IsTruncated = true }
            : new MkvFormatException(problem, offset) { IsTruncated = true };
}
