using System.Buffers;
using KinesisVideo.Client.Runtime.Http;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// One PutMedia connection's life after its 200: a fresh MKV header, then the fragments from the
/// first one not yet RECEIVED, then new bytes as the writer appends them, never waiting for
/// acknowledgements (they are read alongside). It ends with a cause: the session completed, the
/// connection dropped or went stale, the service sent an ERROR, the age limit rotated it, or the
/// session was cancelled.
/// </summary>
internal sealed class UploadLoop
{
    private readonly PutMediaSession _session;
    private readonly Http1DuplexConnection _connection;
    private readonly int _number;
    private readonly string _host;
    private readonly ConnectionState _state = new();
    private readonly FragmentBuffer _buffer;
    private readonly TimeProvider _time;
    private ITimer? _timer;
    private long _scheduledDue = long.MaxValue;

    public UploadLoop(PutMediaSession session, Http1DuplexConnection connection, int number, Uri endpoint)
    {
        _session = session;
        _connection = connection;
        _number = number;
        _host = endpoint.Host;
        _buffer = session.Buffer;
        _time = session.Time;
    }

    /// <summary>
    /// Runs the connection until it ends. <paramref name="previous"/> is a connection still draining
    /// after a rotation: sending waits until everything it carried is RECEIVED (or it ends), so a
    /// fragment is not sent twice.
    /// </summary>
    public async Task<ConnectionOutcome> RunAsync(DrainingConnection? previous, CancellationToken lifetime)
    {
        var opened = _time.GetTimestamp();
        var acknowledgements = AcknowledgementReader.RunAsync(
            _connection.ResponseBody,
            acknowledgement => _session.OnAcknowledgement(_number, acknowledgement, _state),
            _state,
            _buffer.DataWritten);
        using var timer = _time.CreateTimer(static signal => ((AsyncSignal)signal!).Set(), _buffer.DataWritten, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer = timer;
        var bodyEnded = false;
        var handedOver = false;
        try
        {
            if (previous is not null)
            {
                await WaitForPreviousAsync(previous, lifetime).ConfigureAwait(false);
            }

            var position = _buffer.ResendPoint(out var resent, out var resendFrom);
            _session.OnConnected(_number, _host, resendFrom, resent);
            await _connection.WriteChunkAsync(new ReadOnlySequence<byte>(_session.Header), lifetime).ConfigureAwait(false);
            while (true)
            {
                if (lifetime.IsCancellationRequested)
                {
                    return Outcome(PutMediaDisconnectReason.Cancelled);
                }

                if (_state.ErrorAcknowledged)
                {
                    return Outcome(PutMediaDisconnectReason.ErrorAcknowledgement);
                }

                if (_state.Ended)
                {
                    return Outcome(EndedByService(bodyEnded));
                }

                var now = _time.GetTimestamp();
                if (_buffer.AwaitingBufferingSince(_number) is { } since && _time.GetElapsedTime(since, now) >= _session.Settings.StalenessTimeout)
                {
                    var waited = _time.GetElapsedTime(since, now);
                    PutMediaLog.Stale(_session.Logger, _session.StreamLabel, _number, waited);
                    return Outcome(PutMediaDisconnectReason.Stale);
                }

                var rotationDue = !bodyEnded && _time.GetElapsedTime(opened, now) >= _session.Settings.ConnectionRotationInterval;
                if (rotationDue && !_buffer.IsEnded && _buffer.IsFragmentBoundary(position))
                {
                    var age = _time.GetElapsedTime(opened, now);
                    PutMediaLog.Rotating(_session.Logger, _session.StreamLabel, _number, age);
                    await _connection.CompleteBodyAsync(lifetime).ConfigureAwait(false);
                    handedOver = true;
                    return Outcome(PutMediaDisconnectReason.Rotated);
                }

                var data = _buffer.BeginSend(ref position, _number, stopAtFragmentEnd: rotationDue);
                if (!data.IsEmpty)
                {
                    try
                    {
                        await _connection.WriteChunkAsync(data, lifetime).ConfigureAwait(false);
                    }
                    finally
                    {
                        _buffer.EndSend();
                    }

                    position += data.Length;
                    _session.AddBytesSent(data.Length);
                    continue;
                }

                if (_buffer.IsEnded && position == _buffer.End)
                {
                    if (!bodyEnded)
                    {
                        await _connection.CompleteBodyAsync(lifetime).ConfigureAwait(false);
                        bodyEnded = true;
                    }

                    if (_buffer.IsDrained)
                    {
                        return Outcome(PutMediaDisconnectReason.Completed);
                    }
                }

                Schedule(opened, bodyEnded);
                await _buffer.DataWritten.WaitAsync().ConfigureAwait(false);
            }
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException or TimeoutException)
        {
            return Outcome(PutMediaDisconnectReason.Dropped, failure);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            return Outcome(PutMediaDisconnectReason.Cancelled);
        }
        finally
        {
            // A rotated connection drains its acknowledgements; any other stops at once.
            if (!handedOver)
            {
                _connection.Abort();
            }
        }

        ConnectionOutcome Outcome(PutMediaDisconnectReason reason, Exception? error = null) =>
            new(reason, error ?? _state.Failure, _session.MadeProgress(_number), new DrainingConnection(_number, _connection, acknowledgements, _state));
    }

    // The service ended the response: after the body's end with everything RECEIVED that is the
    // session's completion; with nothing outstanding it is the service's idle close; otherwise a drop.
    private PutMediaDisconnectReason EndedByService(bool bodyEnded) =>
        bodyEnded && _buffer.AllReceived(_number) ? PutMediaDisconnectReason.Completed
        : _state.Failure is null && _buffer.AllReceived(_number) ? PutMediaDisconnectReason.Idle
        : PutMediaDisconnectReason.Dropped;

    private async Task WaitForPreviousAsync(DrainingConnection previous, CancellationToken lifetime)
    {
        while (!lifetime.IsCancellationRequested && !previous.State.Ended && !_buffer.AllReceived(previous.Number))
        {
            Schedule(opened: _time.GetTimestamp(), bodyEnded: true);
            await _buffer.DataWritten.WaitAsync().ConfigureAwait(false);
        }
    }

    // Wakes the loop at the next deadline it watches: the staleness of the oldest fragment waiting
    // for BUFFERING, and the connection's rotation.
    private void Schedule(long opened, bool bodyEnded)
    {
        var due = long.MaxValue;
        if (_buffer.AwaitingBufferingSince(_number) is { } since)
        {
            due = since + Ticks(_session.Settings.StalenessTimeout);
        }

        if (!bodyEnded)
        {
            due = Math.Min(due, opened + Ticks(_session.Settings.ConnectionRotationInterval));
        }

        if (due == _scheduledDue)
        {
            return;
        }

        _scheduledDue = due;
        if (due != long.MaxValue)
        {
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
            _timer?.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}

/// <summary>How a connection ended.</summary>
/// <param name="Reason">The cause.</param>
/// <param name="Error">The failure behind it, if any.</param>
/// <param name="MadeProgress">Whether any fragment was newly RECEIVED on it.</param>
/// <param name="Draining">The connection and its acknowledgement reader, still running after a rotation (or to be disposed).</param>
internal sealed record ConnectionOutcome(PutMediaDisconnectReason Reason, Exception? Error, bool MadeProgress, DrainingConnection? Draining);

/// <summary>A connection whose body has ended and whose acknowledgements may still be arriving.</summary>
internal sealed record DrainingConnection(int Number, Http1DuplexConnection Connection, Task Acknowledgements, ConnectionState State)
{
    /// <summary>The connection's span, ended when it is closed.</summary>
    public System.Diagnostics.Activity? Span { get; set; }
}
