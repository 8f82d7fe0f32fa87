using System.Buffers;
using KinesisVideo.Emulator.Faults;
using KinesisVideo.Emulator.Operations;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// The streamed body of a GetMedia or GetMediaForFragmentList answer: the 200 with the service's
/// content type, then one document at a time, each flushed as a whole (the service sends chunked
/// documents continuously), with the GetMedia faults applied: a wait before each document, and a
/// connection dropped once its byte budget runs out.
/// </summary>
internal sealed class PlaybackResponse
{
    /// <summary>The content type GetMedia answers with.</summary>
    public const string ContentType = "video/webm";

    private readonly StreamingOperationContext _context;
    private readonly GetMediaFaults _faults;
    private readonly MeteredBodyWriter _body;

    private PlaybackResponse(StreamingOperationContext context)
    {
        _context = context;
        _faults = context.Faults.GetMedia;
        _body = new MeteredBodyWriter(context.Http.Response.BodyWriter) { Budget = _faults.TakeResponseByteBudget() };
    }

    /// <summary>False once the connection is gone (dropped by a fault or closed by the reader): nothing more is sent.</summary>
    public bool IsOpen { get; private set; } = true;

    /// <summary>Sends the status line and headers; from here on errors can only be reported in the body.</summary>
    public static async Task<PlaybackResponse> StartAsync(StreamingOperationContext context)
    {
        var response = new PlaybackResponse(context);
        context.Http.Response.StatusCode = StatusCodes.Status200OK;
        context.Http.Response.ContentType = ContentType;
        // The service answers the status at once, before it has a fragment to send.
        await context.Http.Response.StartAsync(context.Aborted).ConfigureAwait(false);
        await context.Http.Response.BodyWriter.FlushAsync(context.Aborted).ConfigureAwait(false);
        if (response._body.IsExhausted)
        {
            await response.DropAsync().ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>
    /// Sends one document: waits the fault delay, writes it with <paramref name="write"/>, flushes.
    /// Returns false when the connection is gone (then nothing more may be sent).
    /// </summary>
    /// <param name="minimumLength">A lower bound of the document's length, for a random drop to fall inside it.</param>
    /// <param name="write">Writes the document.</param>
    public async Task<bool> SendAsync(long minimumLength, Action<IBufferWriter<byte>> write)
    {
        if (!IsOpen)
        {
            return false;
        }

        var delay = _faults.FragmentDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _context.State.Time, _context.Aborted).ConfigureAwait(false);
        }

        if (_faults.DrawDocumentByteBudget(minimumLength) is { } dropInside)
        {
            _body.Budget = Math.Min(_body.Budget ?? long.MaxValue, dropInside);
        }

        _body.BeginDocument(minimumLength);
        write(_body);
        var flushed = await _context.Http.Response.BodyWriter.FlushAsync(_context.Aborted).ConfigureAwait(false);
        if (_body.IsExhausted)
        {
            await DropAsync().ConfigureAwait(false);
        }
        else if (flushed.IsCompleted || flushed.IsCanceled)
        {
            IsOpen = false;
        }

        return IsOpen;
    }

    // A flush hands the bytes to Kestrel's transport, which sends them on its own schedule, and an
    // abort discards what it has not sent yet. The drop is to cut the body exactly at its budget, so
    // the transport gets a moment of real time (not emulator time: this is I/O, not behaviour) first:
    // GetMediaFaults.DropDrainTime, which tests that drop hundreds of connections shorten.
    private async Task DropAsync()
    {
        IsOpen = false;
        if (_faults.DropDrainTime > TimeSpan.Zero)
        {
            await Task.Delay(_faults.DropDrainTime, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        }
        _context.Http.Abort();
    }
}
