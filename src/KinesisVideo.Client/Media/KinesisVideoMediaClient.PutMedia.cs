using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Http;

namespace KinesisVideo.Client.Media;

public partial class KinesisVideoMediaClient
{
    /// <summary>
    /// Starts a PutMedia upload to a stream: the options are checked, the data endpoint for
    /// PUT_MEDIA is looked up (or taken from the cache), and the first connection is opened and
    /// answered (throttling and a connection limit are retried with backoff). The returned session
    /// takes frames; fragments are sent as they are written and acknowledged as they arrive.
    /// </summary>
    /// <param name="options">The stream, its tracks, and how to buffer.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The session, connected; complete it with <see cref="PutMediaSession.CompleteAsync"/>.</returns>
    /// <exception cref="ArgumentException">The options are incomplete or out of range; nothing was sent.</exception>
    /// <exception cref="ResourceNotFoundException">The stream does not exist.</exception>
    /// <exception cref="NotAuthorizedException">The credentials may not put media to the stream.</exception>
    public virtual async Task<PutMediaSession> StartPutMediaAsync(PutMediaSessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var runtime = Runtime;
        var settings = runtime.PutMedia;
        var target = new PutMediaConnection.Target(
            DataEndpointFor(options.StreamName, options.StreamARN, APIName.PUT_MEDIA),
            runtime.Signer,
            new Http1ConnectionSettings { ConnectTimeout = settings.ConnectTimeout, IdleTimeout = settings.IdleTimeout, TimeProvider = runtime.TimeProvider },
            settings.ResponseTimeout,
            options.StreamName,
            options.StreamARN,
            options.TimecodeType,
            options.TimestampOrigin ?? runtime.TimeProvider.GetUtcNow());
        var session = new PutMediaSession(options, runtime, target, runtime.Logger);
        try
        {
            session.Buffer.CompleteOnReceived = await CompletesOnReceivedAsync(options, cancellationToken).ConfigureAwait(false);
            await session.StartAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Uploads everything a frame source yields (a Matroska/WebM file or pipe, raw Annex-B video) with
    /// one PutMedia session: frames are read as they arrive, never the whole input first, and sent as
    /// they are read; fragments start at the video track's key frames whatever the source's own
    /// clusters. Progress goes to <see cref="PutMediaSessionOptions.Progress"/>.
    /// </summary>
    /// <param name="options">
    /// The stream and how to buffer. With no <see cref="PutMediaSessionOptions.Tracks"/>, the source's
    /// tracks are declared; the options are not changed.
    /// </param>
    /// <param name="source">The frames. It is read to its end but not disposed.</param>
    /// <param name="cancellationToken">Abandons the upload at once.</param>
    /// <returns>What the session did, once every fragment is acknowledged.</returns>
    /// <exception cref="FormatException">
    /// The source is malformed; the frames read before the fault are delivered first.
    /// </exception>
    /// <exception cref="PutMediaCanceledException">Cancelled; its summary says what was not delivered.</exception>
    public virtual async Task<PutMediaSummary> PutMediaAsync(PutMediaSessionOptions options, IMediaFrameSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var tracks = await source.ReadTracksAsync(cancellationToken).ConfigureAwait(false);
        var session = await StartPutMediaAsync(options.With(options.Tracks.Count > 0 ? [.. options.Tracks] : tracks), cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (session.Tracks.Count != tracks.Count)
            {
                throw new ArgumentException($"The options declare {session.Tracks.Count} tracks; the source has {tracks.Count}.", nameof(options));
            }

            Exception? sourceFault = null;
            try
            {
                await foreach (var frame in source.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
                {
                    await session.WriteFrameAsync(frame, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (FormatException fault)
            {
                // What was read before the fault is delivered; then the caller hears of the fault.
                sourceFault = fault;
            }

            var summary = await session.CompleteAsync(cancellationToken).ConfigureAwait(false);
            if (sourceFault is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sourceFault);
            }

            return summary;
        }
    }

    // Auto asks DescribeStream whether the stream retains data (and so sends PERSISTED); a caller not
    // allowed to describe the stream gets RECEIVED, which never waits for an acknowledgement that cannot come.
    private async Task<bool> CompletesOnReceivedAsync(PutMediaSessionOptions options, CancellationToken cancellationToken)
    {
        if (options.Completion != PutMediaCompletion.Auto)
        {
            return options.Completion == PutMediaCompletion.Received;
        }

        try
        {
            var stream = await Invoker.InvokeAsync(
                "DescribeStream",
                "/describeStream",
                new DescribeStreamRequest { StreamName = options.StreamARN is null ? options.StreamName : null, StreamARN = options.StreamARN },
                ControlPlaneJsonContext.Default.DescribeStreamRequest,
                ControlPlaneJsonContext.Default.DescribeStreamResponse,
                Runtime.ControlPlane,
                cancellationToken).ConfigureAwait(false);
            return stream.StreamInfo?.DataRetentionInHours is null or 0;
        }
        catch (KinesisVideoException e) when (e is not ResourceNotFoundException)
        {
            PutMediaLog.CompletionUnknown(Runtime.Logger, options.StreamARN ?? options.StreamName!, e);
            return true;
        }
    }
}
