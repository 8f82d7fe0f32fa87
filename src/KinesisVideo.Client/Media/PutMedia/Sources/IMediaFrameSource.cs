namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Frames read from somewhere (a Matroska stream, raw Annex-B video, a camera pipe) for a PutMedia
/// upload. A source is read once, from the start: first its tracks, then its frames as they arrive.
/// </summary>
public interface IMediaFrameSource : IAsyncDisposable
{
    /// <summary>
    /// Reads as far as needed to know the tracks (a Matroska Tracks element; the first parameter
    /// sets of raw video) and returns them, numbered 1..n in order as the frames name them.
    /// </summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="FormatException">The input is not what the source reads.</exception>
    ValueTask<IReadOnlyList<MediaTrack>> ReadTracksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The frames, in the order they arrive (which for a live source means waiting for them). A
    /// frame's <see cref="MediaFrame.Data"/> may be a slice of the source's buffers and is valid only
    /// until the enumeration moves on. Ends at the end of the input.
    /// </summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="FormatException">The input is malformed.</exception>
    IAsyncEnumerable<MediaFrame> ReadFramesAsync(CancellationToken cancellationToken);
}
