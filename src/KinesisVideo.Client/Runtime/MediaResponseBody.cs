using System.IO.Pipelines;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// The body of one media response (GetMedia, GetMediaForFragmentList) as a pipe, each of whose
/// reads waits at most the idle timeout for bytes (<see cref="IdleTimeoutStream"/>). Disposing it
/// closes the response and the connection under it.
/// </summary>
internal sealed class MediaResponseBody : IAsyncDisposable
{
    // Large reads let the HTTP stack copy straight from the socket into the pipe's segments: a read
    // never goes into less than half a segment (small reads at a segment's tail cost as much as
    // large ones, and measured at half the throughput of a raw download).
    private const int ReadSize = 64 * 1024;

    private readonly IStreamingResponse _response;

    public MediaResponseBody(IStreamingResponse response, KinesisVideoGetMediaOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _response = response;
        Pipe = PipeReader.Create(
            new IdleTimeoutStream(response.Payload, options.IdleTimeout, time, cancellationToken),
            new StreamPipeReaderOptions(bufferSize: ReadSize, minimumReadSize: ReadSize / 2, leaveOpen: false));
    }

    /// <summary>The body, read as it arrives.</summary>
    public PipeReader Pipe { get; }

    public async ValueTask DisposeAsync()
    {
        await Pipe.CompleteAsync().ConfigureAwait(false);
        await _response.DisposeAsync().ConfigureAwait(false);
    }
}
