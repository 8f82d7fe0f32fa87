namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>Options for the source <see cref="MediaFrameSource"/> opens, per kind of input.</summary>
public sealed class MediaFrameSourceOptions
{
    /// <summary>For a Matroska/WebM input; the defaults when null.</summary>
    public MkvFrameSourceOptions? Mkv { get; init; }

    /// <summary>For raw Annex-B video; needed for such an input, whose frame rate only the caller knows.</summary>
    public AnnexBFrameSourceOptions? AnnexB { get; init; }
}
