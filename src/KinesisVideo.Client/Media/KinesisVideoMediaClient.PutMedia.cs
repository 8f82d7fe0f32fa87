using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media.PutMedia;
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
