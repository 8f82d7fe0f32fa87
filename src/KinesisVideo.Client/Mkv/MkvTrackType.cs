namespace KinesisVideo.Client.Mkv;

/// <summary>Matroska TrackType values.</summary>
public enum MkvTrackType
{
    /// <summary>Not given.</summary>
    Unknown = 0,

    /// <summary>Video (1).</summary>
    Video = 1,

    /// <summary>Audio (2).</summary>
    Audio = 2,

    /// <summary>Complex (3).</summary>
    Complex = 3,

    /// <summary>Logo (0x10).</summary>
    Logo = 0x10,

    /// <summary>Subtitle (0x11).</summary>
    Subtitle = 0x11,

    /// <summary>Buttons (0x12).</summary>
    Buttons = 0x12,

    /// <summary>Control (0x20).</summary>
    Control = 0x20,

    /// <summary>Metadata (0x21).</summary>
    Metadata = 0x21,
}
