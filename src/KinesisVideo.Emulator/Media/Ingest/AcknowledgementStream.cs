using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using KinesisVideo.Emulator.Faults;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// The PutMedia response body: acknowledgements as newline-separated JSON, each flushed as it is
/// written so the producer sees it while its request body is still open. Posting never waits, so
/// neither ingest nor the idle timer is slowed by the network or by an injected ack delay; one
/// pump writes them in order.
/// </summary>
internal sealed class AcknowledgementStream
{
    private readonly Channel<Acknowledgement> _queue = Channel.CreateUnbounded<Acknowledgement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpResponse _response;
    private readonly PutMediaFaults _faults;
    private readonly TimeProvider _time;
    private readonly CancellationToken _aborted;
    private readonly Task _pump;

    public AcknowledgementStream(HttpResponse response, PutMediaFaults faults, TimeProvider time, CancellationToken aborted)
    {
        _response = response;
        _faults = faults;
        _time = time;
        _aborted = aborted;
        _pump = PumpAsync();
    }

    public void Post(Acknowledgement ack) => _queue.Writer.TryWrite(ack with { DueAt = _time.GetUtcNow() });

    /// <summary>Sends what is queued and stops; later posts are dropped.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _pump;
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var ack in _queue.Reader.ReadAllAsync(_aborted).ConfigureAwait(false))
            {
                if (_faults.TakeAckDrop(ack.EventType))
                {
                    continue;
                }

                var wait = ack.DueAt + _faults.AckDelay - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _aborted).ConfigureAwait(false);
                }

                using (var writer = new Utf8JsonWriter(_response.BodyWriter))
                {
                    ack.WriteTo(writer);
                }

                _response.BodyWriter.Write("\n"u8);
                await _response.BodyWriter.FlushAsync(_aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            // The producer went away: nobody is left to acknowledge.
        }
    }
}
