namespace KinesisVideo.Client.Mkv;

/// <summary>
/// A fragment's tracks differ from the ones the file was started with (another codec, CodecPrivate,
/// resolution or sampling rate: a producer that restarted with other settings). A Matroska file
/// declares its tracks once, so <see cref="MkvFileWriter"/> refuses the fragment, writes nothing of
/// it, and stays usable: complete the file and start another for the fragments that follow.
/// </summary>
public sealed class MkvTracksChangedException : InvalidOperationException
{
    /// <summary>Creates the exception with a plain message.</summary>
    public MkvTracksChangedException()
        : this("The fragment's tracks differ from the file's.")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public MkvTracksChangedException(string message)
        : base(message)
    {
        FileTracks = [];
        FragmentTracks = [];
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    public MkvTracksChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileTracks = [];
        FragmentTracks = [];
    }

    /// <summary>Creates the exception for the fragment <paramref name="fragmentNumber"/>.</summary>
    public MkvTracksChangedException(string? fragmentNumber, IReadOnlyList<MkvTrackEntry> fileTracks, IReadOnlyList<MkvTrackEntry> fragmentTracks)
        : base($"Fragment {fragmentNumber ?? "(no number)"} has tracks [{Describe(fragmentTracks)}] but the file was started with [{Describe(fileTracks)}]; a Matroska file declares its tracks once: complete this file and start another.")
    {
        FragmentNumber = fragmentNumber;
        FileTracks = fileTracks;
        FragmentTracks = fragmentTracks;
    }

    /// <summary>The number of the fragment that was refused.</summary>
    public string? FragmentNumber { get; }

    /// <summary>The tracks the file declares.</summary>
    public IReadOnlyList<MkvTrackEntry> FileTracks { get; }

    /// <summary>The refused fragment's tracks.</summary>
    public IReadOnlyList<MkvTrackEntry> FragmentTracks { get; }

    private static string Describe(IReadOnlyList<MkvTrackEntry> tracks) =>
        string.Join(", ", tracks.Select(t => $"{t.TrackNumber}: {t.CodecId}" + (t.PixelWidth > 0 ? $" {t.PixelWidth}x{t.PixelHeight}" : string.Empty) + (t.SamplingFrequency > 0 ? $" {t.SamplingFrequency} Hz" : string.Empty)));
}
