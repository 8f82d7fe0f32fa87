namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// The Annex-B input is not H.264/H.265 as the source reads it, or exceeds a limit. Carries the byte
/// offset from the start of the input where the problem was found.
/// </summary>
public sealed class AnnexBFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message and no position.</summary>
    public AnnexBFormatException()
        : this("The Annex-B input is malformed.")
    {
    }

    /// <summary>Creates the exception with a plain message and no position.</summary>
    public AnnexBFormatException(string message)
        : base(message)
    {
        Offset = -1;
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public AnnexBFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/>.</summary>
    public AnnexBFormatException(string problem, long offset, Exception? innerException = null)
        : base($"{problem} (at byte offset {offset}).", innerException)
    {
        Offset = offset;
    }

    /// <summary>The byte offset from the start of the input where the problem was found; -1 when unknown.</summary>
    public long Offset { get; }
}
