using KinesisVideo.Emulator.Operations;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// PutMedia: checks the headers, the stream and the one-connection-per-stream rule (each refused
/// with the service's JSON error), then answers 200 at once and streams acknowledgements back
/// while the producer's MKV body is still arriving.
/// </summary>
internal static class PutMediaOperation
{
    public static async Task HandleAsync(StreamingOperationContext context)
    {
        var request = PutMediaRequest.FromHeaders(context.Http.Request.Headers);
        StreamRecord stream;
        lock (context.State.Gate)
        {
            stream = context.State.Streams.Resolve(request.StreamName, request.StreamArn);
            if (stream.Status(context.Now) != "ACTIVE")
            {
                throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested stream {stream.Name} is not found or not active.");
            }
        }

        using var lease = stream.Media.TryBeginIngest()
            ?? throw new ServiceErrorException(ErrorCodes.ConnectionLimitExceeded, $"The stream {stream.Name} already has a PutMedia connection; a stream takes one at a time.");

        // A PutMedia body streams for hours and may pause for the idle timeout: Kestrel's body size
        // and minimum data rate limits would cut it short, so this request has neither.
        context.Http.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
        context.Http.Features.Get<IHttpMinRequestBodyDataRateFeature>()!.MinDataRate = null;

        // The 200 goes out before any of the body is read: the producer waits for it, or reads it
        // alongside, before it streams the media.
        var response = context.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.Body.FlushAsync(context.Aborted).ConfigureAwait(false);

        var acks = new AcknowledgementStream(response, context.Faults.PutMedia, context.State.Time, context.Aborted);
        await new IngestSession(context, stream, request, acks, lease).RunAsync().ConfigureAwait(false);
    }
}
