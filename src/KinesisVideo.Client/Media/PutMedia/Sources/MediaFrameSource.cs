using System.Buffers;
using System.IO.Pipelines;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>The kinds of input <see cref="MediaFrameSource"/> tells apart by their first bytes.</summary>
public enum MediaInputFormat
{
    /// <summary>Neither of the others.</summary>
    Unknown = 0,

    /// <summary>Matroska or WebM: an EBML header (1A 45 DF A3).</summary>
    Matroska,

    /// <summary>Raw H.264/H.265: optional zero bytes, then a start code (00 00 01).</summary>
    AnnexB,
}

/// <summary>
/// Opens the right frame source for an input by its first bytes: <see cref="MkvFrameSource"/> for
/// Matroska/WebM, <see cref="AnnexBFrameSource"/> for raw Annex-B H.264/H.265. The bytes looked at
/// are not consumed; the source reads them again.
/// </summary>
public static class MediaFrameSource
{
    // Leading zero bytes allowed before an Annex-B start code, beyond which the input is not recognized.
    private const int MaxSniffLength = 4096;
    private const int EbmlMagicLength = 4;

    /// <summary>
    /// Tells the format from the start of an input; <paramref name="needMoreData"/> is true when
    /// <paramref name="start"/> is too short to tell (only zero bytes, or fewer than 4 bytes).
    /// </summary>
    public static MediaInputFormat Identify(ReadOnlySpan<byte> start, out bool needMoreData)
    {
        needMoreData = false;
        ReadOnlySpan<byte> ebml = [0x1A, 0x45, 0xDF, 0xA3];
        if (start.Length < EbmlMagicLength && ebml.StartsWith(start))
        {
            needMoreData = true;
            return MediaInputFormat.Unknown;
        }

        if (start.StartsWith(ebml))
        {
            return MediaInputFormat.Matroska;
        }

        var firstNonZero = start.IndexOfAnyExcept((byte)0);
        if (firstNonZero < 0)
        {
            needMoreData = true;
            return MediaInputFormat.Unknown;
        }

        return firstNonZero >= 2 && start[firstNonZero] == 1 ? MediaInputFormat.AnnexB : MediaInputFormat.Unknown;
    }

    /// <summary>Opens the source for a file, read forward as a stream.</summary>
    /// <inheritdoc cref="OpenAsync(PipeReader, MediaFrameSourceOptions?, bool, CancellationToken)"/>
    public static async ValueTask<IMediaFrameSource> OpenFileAsync(string path, MediaFrameSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await OpenAsync(stream, options, leaveOpen: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the source for a stream (a file, standard input, a socket), read forward only.</summary>
    /// <param name="input">The input.</param>
    /// <param name="options">Options for either source; <see cref="MediaFrameSourceOptions.AnnexB"/> is needed for raw video.</param>
    /// <param name="leaveOpen">False (the default) disposes <paramref name="input"/> with the source, or at once if none is opened.</param>
    /// <param name="cancellationToken">Stops the read of the first bytes.</param>
    /// <inheritdoc cref="OpenAsync(PipeReader, MediaFrameSourceOptions?, bool, CancellationToken)"/>
    public static ValueTask<IMediaFrameSource> OpenAsync(Stream input, MediaFrameSourceOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var readSize = options?.AnnexB?.StreamReadSize ?? options?.Mkv?.StreamReadSize ?? MkvFrameSourceOptions.Default.StreamReadSize;
        var reader = SourceInput.FromStream(input, readSize, leaveOpen).Reader;
        return OpenAsync(reader, options, leaveOpen: false, cancellationToken);
    }

    /// <summary>Opens the source for a pipe.</summary>
    /// <param name="input">The input.</param>
    /// <param name="options">Options for either source; <see cref="MediaFrameSourceOptions.AnnexB"/> is needed for raw video.</param>
    /// <param name="leaveOpen">False (the default) completes <paramref name="input"/> with the source, or at once if none is opened.</param>
    /// <param name="cancellationToken">Stops the read of the first bytes.</param>
    /// <returns>The source, not yet read: call <see cref="IMediaFrameSource.ReadTracksAsync"/> next.</returns>
    /// <exception cref="FormatException">The input is neither Matroska/WebM nor Annex-B, or is empty.</exception>
    /// <exception cref="ArgumentException">The input is Annex-B and <see cref="MediaFrameSourceOptions.AnnexB"/> is not given.</exception>
    public static async ValueTask<IMediaFrameSource> OpenAsync(PipeReader input, MediaFrameSourceOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var format = await SniffAsync(input, cancellationToken).ConfigureAwait(false);
            return format == MediaInputFormat.Matroska
                ? new MkvFrameSource(input, options?.Mkv, leaveOpen)
                : new AnnexBFrameSource(input, options?.AnnexB ?? throw new ArgumentException("The input is raw Annex-B video, which carries no timestamps: give MediaFrameSourceOptions.AnnexB with its FrameRate.", nameof(options)), leaveOpen);
        }
        catch when (!leaveOpen)
        {
            await input.CompleteAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reads until the format is known, then hands the bytes back unconsumed.
    private static async ValueTask<MediaInputFormat> SniffAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var head = buffer.Slice(0, Math.Min(buffer.Length, MaxSniffLength));
            var format = Identify(head.IsSingleSegment ? head.FirstSpan : head.ToArray(), out var needMoreData);
            var decided = !needMoreData || result.IsCompleted || result.IsCanceled || buffer.Length >= MaxSniffLength;
            input.AdvanceTo(buffer.Start, decided ? buffer.Start : buffer.End);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read from the pipe was cancelled.");
            }

            if (decided)
            {
                return format != MediaInputFormat.Unknown ? format : throw new FormatException(
                    buffer.IsEmpty
                        ? "The input is empty."
                        : $"The input (starting {Convert.ToHexString(head.Slice(0, Math.Min(head.Length, 8)).ToArray())}) is neither Matroska/WebM (EBML header 1A45DFA3) nor raw H.264/H.265 (start code 000001); remux it first, e.g. ffmpeg -i in.mp4 -c copy -f matroska -");
            }
        }
    }
}
