namespace KinesisVideo.Client.Mkv;

/// <summary>How <see cref="MkvFileWriter"/> lays out the file it writes.</summary>
public sealed class MkvFileWriterOptions
{
    /// <summary>The shared default options.</summary>
    public static MkvFileWriterOptions Default { get; } = new();

    /// <summary>Nanoseconds per timecode tick in the file; 1,000,000 (1 ms), as Kinesis Video producers use.</summary>
    public long TimecodeScale { get; init; } = 1_000_000;

    /// <summary>
    /// Whether to go back and finish the file when it is complete (Segment size, Duration, SeekHead,
    /// Cues). Null (the default) does so when the destination can seek. A destination that cannot
    /// (a pipe, a network stream, a response body) gets a file that plays from start to end: an
    /// unknown-size Segment, no Duration and no Cues.
    /// </summary>
    public bool? Seekable { get; init; }

    /// <summary>Whether a seekable file gets Cues (one per cluster that starts with a key frame of the video track). Default true.</summary>
    public bool WriteCues { get; init; } = true;

    /// <summary>
    /// Whether timestamps are moved so the file starts at 0 (the default; the first fragment's
    /// producer timestamp goes in DateUTC instead) or kept as the stream had them (for absolute
    /// producers, milliseconds since the Unix epoch).
    /// </summary>
    public bool StartAtZero { get; init; } = true;

    /// <summary>The Info Title; none when null.</summary>
    public string? Title { get; init; }

    /// <summary>MuxingApp and WritingApp.</summary>
    public string ApplicationName { get; init; } = KvsMkvWriterOptions.DefaultApplicationName;
}
