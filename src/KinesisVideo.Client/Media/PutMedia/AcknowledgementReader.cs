using System.IO.Pipelines;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// Reads one connection's acknowledgements as they arrive, while its body is still being sent, and
/// hands each to the session. Ends when the response ends, fails, or stalls past the connection's
/// idle timeout; the outcome says which.
/// </summary>
internal static class AcknowledgementReader
{
    /// <summary>Reads <paramref name="body"/> to its end.</summary>
    /// <param name="body">The de-chunked response body.</param>
    /// <param name="onAcknowledgement">Told of each acknowledgement; returns true for one that ends the connection (ERROR).</param>
    /// <param name="state">Where the reader records what it saw, for the upload loop.</param>
    /// <param name="wake">Set after each acknowledgement and at the end, so the upload loop looks again.</param>
    public static async Task RunAsync(PipeReader body, Func<RawAcknowledgement, bool> onAcknowledgement, ConnectionState state, AsyncSignal wake)
    {
        try
        {
            while (true)
            {
                var result = await body.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                try
                {
                    var rest = buffer;
                    while (AcknowledgementParser.TryParse(rest, out var acknowledgement, out consumed, out examined))
                    {
                        state.LastAcknowledgement = acknowledgement.EventType;
                        if (onAcknowledgement(acknowledgement))
                        {
                            state.ErrorAcknowledged = true;
                        }

                        wake.Set();
                        rest = buffer.Slice(consumed);
                    }
                }
                finally
                {
                    body.AdvanceTo(consumed, examined);
                }

                if (result.IsCompleted)
                {
                    // Whitespace is skipped as it is consumed, so anything left is an acknowledgement cut short.
                    if (!buffer.Slice(consumed).IsEmpty)
                    {
                        state.Failure = new HttpRequestException(HttpRequestError.ResponseEnded, "The PutMedia response ended in the middle of an acknowledgement.");
                    }

                    return;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException or InvalidOperationException)
        {
            state.Failure = e;
        }
        finally
        {
            state.Ended = true;
            await body.CompleteAsync().ConfigureAwait(false);
            wake.Set();
        }
    }
}

/// <summary>What one connection's acknowledgement reader has seen, read by its upload loop.</summary>
internal sealed class ConnectionState
{
    private volatile bool _ended;
    private volatile bool _errorAcknowledged;
    private volatile Exception? _failure;
    private volatile string? _lastAcknowledgement;

    /// <summary>The response has ended (or failed).</summary>
    public bool Ended { get => _ended; set => _ended = value; }

    /// <summary>An ERROR acknowledgement arrived: the service closes the connection after one.</summary>
    public bool ErrorAcknowledged { get => _errorAcknowledged; set => _errorAcknowledged = value; }

    /// <summary>Why the response ended, when it did not end cleanly.</summary>
    public Exception? Failure { get => _failure; set => _failure = value; }

    /// <summary>The type of the last acknowledgement read.</summary>
    public string? LastAcknowledgement { get => _lastAcknowledgement; set => _lastAcknowledgement = value; }
}
