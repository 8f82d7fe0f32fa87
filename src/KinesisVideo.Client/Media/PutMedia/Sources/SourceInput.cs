using System.IO.Pipelines;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// A source's input and who closes it: a <see cref="PipeReader"/> given by the caller, or one the
/// source made over a <see cref="Stream"/> (read forward only, never seeked, so pipes and sockets do).
/// Also guards the one-pass reading order every source shares.
/// </summary>
internal sealed class SourceInput
{
    private readonly bool _leaveOpen;
    private bool _framesStarted;
    private bool _disposed;

    private SourceInput(PipeReader reader, bool leaveOpen)
    {
        Reader = reader;
        _leaveOpen = leaveOpen;
    }

    public PipeReader Reader { get; }

    public static SourceInput FromStream(Stream stream, int readSize, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        // The pipe owns the stream; it disposes it on completion unless leaveOpen.
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: readSize, minimumReadSize: Math.Min(readSize, 1024), leaveOpen: leaveOpen));
        return new SourceInput(reader, leaveOpen: false);
    }

    public static SourceInput FromPipe(PipeReader reader, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new SourceInput(reader, leaveOpen);
    }

    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Marks the frames as being read; a source's frames are read once.</summary>
    /// <exception cref="InvalidOperationException">They were read before.</exception>
    public void StartFrames()
    {
        ThrowIfDisposed();
        if (_framesStarted)
        {
            throw new InvalidOperationException("A frame source is read once: ReadFramesAsync was already called.");
        }

        _framesStarted = true;
    }

    /// <summary>Hands back what <paramref name="items"/> holds and completes the pipe unless the caller keeps it.</summary>
    public async ValueTask DisposeAsync<TItem>(PipeItemReader<TItem> items)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        items.Release();
        if (!_leaveOpen)
        {
            await Reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
