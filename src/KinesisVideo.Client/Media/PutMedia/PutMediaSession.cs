using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// A PutMedia upload in progress: frames go in with <see cref="WriteFrameAsync"/>, are written as
/// MKV fragments and sent at once on a long-lived, full-duplex connection whose acknowledgements
/// arrive while the upload goes on (<see cref="ReadEventsAsync"/>). Fragments are kept until the
/// service has them; a dropped, stale or refused connection is replaced and the fragments it had
/// not delivered are sent again; <see cref="CompleteAsync"/> ends the stream and waits for every
/// fragment to be acknowledged. Start one with <see cref="KinesisVideoMediaClient.StartPutMediaAsync"/>.
/// </summary>
/// <remarks>
/// One writer at a time: <see cref="WriteFrameAsync"/> and <see cref="AddFragmentMetadata"/> are not to be
/// called concurrently with themselves (as with a Stream); reading events, progress and
/// completion may happen from any thread. Disposing a session that was not completed abandons it.
/// </remarks>
public sealed class PutMediaSession : IAsyncDisposable
{
    private readonly PutMediaSessionOptions _options;
    private readonly KvsMkvWriter _writer;
    private readonly PutMediaConnection.Target _target;
    private readonly ReconnectPolicy _reconnect;
    private readonly Channel<PutMediaEvent> _events;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _metadataGate = new();
    private readonly List<KeyValuePair<string, string>> _pendingMetadata = [];
    private readonly List<KeyValuePair<string, string>> _nextMetadata = [];
    private readonly Dictionary<string, string> _persistentMetadata = new(StringComparer.Ordinal);
    private readonly List<PutMediaFragmentDropped> _dropped = [];
    private readonly FragmentCutter _cutter = new();
    private readonly ulong _fragmentTrack;
    private readonly KinesisVideoTelemetry _telemetry;
    private readonly TagList _tags = KinesisVideoTelemetry.PutMediaTags();
    private readonly string _region;
    private readonly long _originMs;
    private readonly long _started;
    private readonly HashSet<int> _productive = [];
    private Task? _supervisor;
    private Exception? _failure;
    private long _framesWritten;
    private long _framesSkipped;
    private long _bytesSent;
    private int _connections;
    private long _lastProgress;
    private bool _metadataChanged = true;
    private volatile bool _completing;

    internal PutMediaSession(
        PutMediaSessionOptions options,
        ClientRuntime runtime,
        PutMediaConnection.Target target,
        ILogger logger)
    {
        _options = options;
        Settings = runtime.PutMedia;
        _telemetry = runtime.Telemetry;
        _region = runtime.Region;
        Time = runtime.TimeProvider;
        Logger = logger;
        _target = target;
        StreamLabel = options.StreamARN ?? options.StreamName!;
        Tracks = [.. options.Tracks];
        _writer = new KvsMkvWriter(new KvsMkvWriterOptions
        {
            Tracks = [.. options.Tracks.Select((track, i) => track.ToTrackEntry((ulong)(i + 1)))],
            MinimumFragmentDuration = (long)options.MinimumFragmentDuration.TotalMilliseconds,
        });
        Header = _writer.Header;
        _fragmentTrack = (ulong)Math.Max(1, options.Tracks.ToList().FindIndex(t => t.Kind == MkvTrackType.Video) + 1);
        Buffer = new FragmentBuffer(Time, options.MaxBufferedBytes, options.MaxBufferedDuration);
        _originMs = options.TimecodeType == PutMediaTimecodeType.Absolute ? target.ProducerStartTimestamp.ToUnixTimeMilliseconds() : 0;
        _started = Time.GetTimestamp();
        _events = Channel.CreateBounded<PutMediaEvent>(new BoundedChannelOptions(options.EventCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = false,
        });
        _reconnect = new ReconnectPolicy(Settings, Time, (attempt, delay, error) => PutMediaLog.ConnectFailed(Logger, StreamLabel, attempt, delay, error));
    }

    /// <summary>The stream's name or ARN, as given.</summary>
    public string StreamLabel { get; }

    /// <summary>The tracks, as declared when the session started.</summary>
    public IReadOnlyList<MediaTrack> Tracks { get; }

    /// <summary>The wall-clock time of frame timestamp zero.</summary>
    public DateTimeOffset TimestampOrigin => _target.ProducerStartTimestamp;

    /// <summary>How far the upload has got.</summary>
    public PutMediaProgress Progress => new(
        Interlocked.Read(ref _framesWritten),
        Buffer.FragmentsWritten,
        Interlocked.Read(ref _bytesSent),
        Buffer.FragmentsReceived,
        Buffer.FragmentsPersisted,
        Buffer.FragmentsDropped,
        Math.Max(0, Volatile.Read(ref _connections) - 1));

    internal FragmentBuffer Buffer { get; }

    internal ReadOnlyMemory<byte> Header { get; }

    internal KinesisVideoPutMediaOptions Settings { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Takes one frame. It is written into the current fragment at once (a key frame of the video
    /// track starts a new fragment) and sent without waiting for earlier fragments to be
    /// acknowledged; its bytes are copied, so <see cref="MediaFrame.Data"/> may be reused when this returns.
    /// Video frames before the first key frame of the video track are skipped (a fragment starts at
    /// one; <see cref="PutMediaSummary.FramesSkipped"/> counts them); other tracks' frames before it
    /// wait for it, for up to 2 seconds, and join the first fragment. Timestamps are presentation times:
    /// within a fragment they may go back (B-frames); every frame of a fragment must come after all
    /// of the previous fragment's, as the service requires.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="cancellationToken">Stops a wait for room in the buffer; the frame is then not taken.</param>
    /// <returns>Completes at once unless the buffer is full and its policy is to wait.</returns>
    /// <exception cref="ArgumentException">The frame names a track that is not declared, or has no data.</exception>
    /// <exception cref="InvalidOperationException">
    /// The frame cannot follow the ones before it (it is not after the previous fragment's latest
    /// frame), would break the service's fragment limits (10 s, 50 MB), or the session is completing.
    /// </exception>
    /// <exception cref="PutMediaBufferFullException">The buffer is full and its policy is <see cref="PutMediaBufferFullPolicy.Fail"/>.</exception>
    public ValueTask WriteFrameAsync(MediaFrame frame, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        if (frame.TrackNumber == 0 || frame.TrackNumber > (ulong)Tracks.Count)
        {
            throw new ArgumentException($"Frame of track {frame.TrackNumber}: the session declares tracks 1 to {Tracks.Count}.", nameof(frame));
        }

        if (frame.Data.IsEmpty)
        {
            throw new ArgumentException("A frame has data.", nameof(frame));
        }

        var timecode = _originMs + (long)Math.Floor(frame.Timestamp.TotalMilliseconds);
        if (!TryMakeRoom(frame, timecode))
        {
            return WaitForRoomAndWriteAsync(frame, timecode, cancellationToken);
        }

        Write(frame, timecode);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Adds a metadata item (a name and value the service stores with the fragment and GetMedia
    /// returns as a tag) to the next fragment to start; with <paramref name="persistent"/>, to every
    /// fragment from then on, until it is set again or removed with an empty value.
    /// </summary>
    /// <param name="name">At most 128 characters; names beginning with <c>AWS</c> are the service's.</param>
    /// <param name="value">At most 256 characters; empty removes a persistent item.</param>
    /// <param name="persistent">Whether the item repeats on every fragment.</param>
    /// <exception cref="ArgumentException">The name is reserved, empty or too long, or the value too long.</exception>
    public void AddFragmentMetadata(string name, string value, bool persistent = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.StartsWith("AWS", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata names beginning with AWS are reserved by Kinesis Video Streams: '{name}'.", nameof(name));
        }

        if (name.Length > KvsMkvWriter.MaxMetadataNameLength || value.Length > KvsMkvWriter.MaxMetadataValueLength)
        {
            throw new ArgumentException($"Metadata names are at most {KvsMkvWriter.MaxMetadataNameLength} characters and values at most {KvsMkvWriter.MaxMetadataValueLength}.", nameof(name));
        }

        lock (_metadataGate)
        {
            if (persistent)
            {
                if (value.Length == 0)
                {
                    _persistentMetadata.Remove(name);
                }
                else
                {
                    _persistentMetadata[name] = value;
                }
            }
            else
            {
                _pendingMetadata.Add(new(name, value));
            }

            _metadataChanged = true;
        }
    }

    /// <summary>
    /// The session's events as they happen: every acknowledgement the service sends
    /// (<see cref="PutMediaAcknowledgement"/>), connections opened and lost, fragments dropped. Ends
    /// when the session ends. One reader at a time; a reader that falls more than
    /// <see cref="PutMediaSessionOptions.EventCapacity"/> events behind loses the oldest.
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration (not the session).</param>
    public IAsyncEnumerable<PutMediaEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Ends the stream (the last fragment is closed with the end-of-fragment marker) and waits until
    /// every fragment is delivered: PERSISTED, or RECEIVED for a stream without data retention (see
    /// <see cref="PutMediaSessionOptions.Completion"/>), resending after any failure on the way.
    /// </summary>
    /// <param name="cancellationToken">Abandons the session at once.</param>
    /// <returns>What the session did.</returns>
    /// <exception cref="PutMediaCanceledException">Cancelled first; its summary lists what was not delivered.</exception>
    /// <exception cref="Runtime.Errors.KinesisVideoException">The session failed (the service refused it, or a terminal error with <see cref="PutMediaSessionOptions.StopOnTerminalError"/>).</exception>
    public async Task<PutMediaSummary> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        _completing = true;
        ReleaseHeld();
        Buffer.EndStream(_writer);
        try
        {
            await _supervisor!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync().ConfigureAwait(false);
            throw new PutMediaCanceledException(Summary(), cancellationToken);
        }

        ThrowIfFailed();
        var summary = Summary();
        PutMediaLog.Completed(Logger, StreamLabel, summary.FragmentsWritten, summary.FramesWritten, summary.BytesSent, summary.Elapsed, summary.Connections);
        ReportProgress(force: true);
        return summary;
    }

    /// <summary>Abandons the session if it was not completed: connections close at once, undelivered fragments are lost.</summary>
    public async ValueTask DisposeAsync()
    {
        await AbandonAsync().ConfigureAwait(false);
        _cutter.Discard();
        _lifetime.Dispose();
        Buffer.Dispose();
    }

    /// <summary>What the session has done so far.</summary>
    public PutMediaSummary Summary() => new()
    {
        FramesWritten = Interlocked.Read(ref _framesWritten),
        FramesSkipped = Interlocked.Read(ref _framesSkipped),
        FragmentsWritten = Buffer.FragmentsWritten,
        FragmentsReceived = Buffer.FragmentsReceived,
        FragmentsPersisted = Buffer.FragmentsPersisted,
        FragmentsDropped = Buffer.FragmentsDropped,
        FragmentsUnconfirmed = Buffer.FragmentsUnconfirmed,
        UndeliveredTimecodes = [.. Buffer.Undelivered().Select(f => f.Timecode)],
        BytesSent = Interlocked.Read(ref _bytesSent),
        Connections = Volatile.Read(ref _connections),
        Elapsed = Time.GetElapsedTime(_started),
    };

    /// <summary>Opens the first connection (its 200 proves the stream and the credentials) and starts the upload.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var first = await OpenAsync(linked.Token).ConfigureAwait(false);
        _supervisor = Task.Run(() => SuperviseAsync(first), CancellationToken.None);
    }

    internal void OnConnected(int connection, string host, long? resendFrom, int resent)
    {
        PutMediaLog.Connected(Logger, StreamLabel, connection, host, resendFrom, resent);
        Publish(new PutMediaConnectionEvent { Time = Time.GetUtcNow(), Connection = connection, Connected = true, ResendFromTimecode = resendFrom, FragmentsResent = resent });
    }

    /// <summary>Applies one acknowledgement; true when it ends the connection (an ERROR).</summary>
    internal bool OnAcknowledgement(int connection, RawAcknowledgement raw, ConnectionState state)
    {
        var type = new PutMediaAckEventType(raw.EventType!);
        PutMediaErrorId? errorId = raw.ErrorId is { } id ? new PutMediaErrorId(id) : type == PutMediaAckEventType.ERROR ? new PutMediaErrorId(0) : null;
        var fragment = Buffer.Apply(raw, type, type == PutMediaAckEventType.ERROR ? errorId : null);
        var now = Time.GetTimestamp();
        if (type == PutMediaAckEventType.RECEIVED || type == PutMediaAckEventType.PERSISTED)
        {
            lock (_productive)
            {
                _productive.Add(connection);
            }
        }

        PutMediaFragmentException? error = null;
        if (type == PutMediaAckEventType.ERROR)
        {
            error = new PutMediaFragmentException(errorId!.Value, raw.ErrorCode, raw.FragmentTimecode, raw.FragmentNumber ?? fragment?.FragmentNumber);
            PutMediaLog.ErrorAcknowledgement(Logger, StreamLabel, errorId.Value.Value, raw.ErrorCode, raw.FragmentTimecode, error.IsRetryable ? "sending it again on a new connection" : "dropping the fragment");
        }
        else if (Logger.IsEnabled(LogLevel.Debug))
        {
            PutMediaLog.Acknowledgement(Logger, StreamLabel, type.Value, raw.FragmentTimecode, raw.FragmentNumber, connection);
        }

        var ackTags = _tags;
        ackTags.Add("kinesisvideo.ack.event_type", type.Value);
        _telemetry.PutMediaAcknowledgements.Add(1, ackTags);

        TimeSpan? latency = fragment is null ? null
            : type == PutMediaAckEventType.BUFFERING ? (fragment.SentAt != 0 ? Time.GetElapsedTime(fragment.SentAt, now) : null)
            : (type == PutMediaAckEventType.RECEIVED || type == PutMediaAckEventType.PERSISTED) && fragment.SealedAt != 0 ? Time.GetElapsedTime(fragment.SealedAt, now)
            : null;
        if (latency is { } delay && type != PutMediaAckEventType.BUFFERING)
        {
            _telemetry.PutMediaAckLatency.Record(delay.TotalSeconds, ackTags);
        }

        Publish(new PutMediaAcknowledgement
        {
            Time = Time.GetUtcNow(),
            EventType = type,
            FragmentTimecode = raw.FragmentTimecode,
            FragmentNumber = raw.FragmentNumber ?? fragment?.FragmentNumber,
            ErrorId = type == PutMediaAckEventType.ERROR ? errorId : null,
            ErrorCode = raw.ErrorCode,
            Error = error,
            Latency = latency,
            Connection = connection,
        });

        if (error is { IsRetryable: false } && fragment is not null)
        {
            PutMediaLog.FragmentDropped(Logger, StreamLabel, fragment.Timecode, PutMediaDropReason.TerminalError);
            CountDropped(PutMediaDropReason.TerminalError);
            Publish(new PutMediaFragmentDropped
            {
                Time = Time.GetUtcNow(),
                FragmentTimecode = fragment.Timecode,
                Reason = PutMediaDropReason.TerminalError,
                Error = error,
                Bytes = fragment.IsSealed ? fragment.End - fragment.Start : 0,
            });
            if (_options.StopOnTerminalError)
            {
                Fail(error);
            }
        }

        ReportProgress(force: false);
        return type == PutMediaAckEventType.ERROR;
    }

    internal bool MadeProgress(int connection)
    {
        lock (_productive)
        {
            return _productive.Contains(connection);
        }
    }

    internal void AddBytesSent(long bytes)
    {
        Interlocked.Add(ref _bytesSent, bytes);
        _telemetry.PutMediaBytesSent.Add(bytes, _tags);
    }

    private static string ReasonName(PutMediaDisconnectReason reason) => reason switch
    {
        PutMediaDisconnectReason.Completed => "completed",
        PutMediaDisconnectReason.Dropped => "dropped",
        PutMediaDisconnectReason.Stale => "stale",
        PutMediaDisconnectReason.Rotated => "rotated",
        PutMediaDisconnectReason.ErrorAcknowledgement => "error_acknowledgement",
        PutMediaDisconnectReason.Cancelled => "cancelled",
        PutMediaDisconnectReason.Idle => "idle",
        _ => "other",
    };

    private void CountDropped(PutMediaDropReason reason)
    {
        var tags = _tags;
        tags.Add("kinesisvideo.put_media.drop_reason", reason == PutMediaDropReason.TerminalError ? "terminal_error" : "buffer_full");
        _telemetry.PutMediaFragmentsDropped.Add(1, tags);
    }

    private bool TryMakeRoom(in MediaFrame frame, long timecode)
    {
        var fits = Buffer.TryMakeRoom(frame.Data.Length + 64, timecode, _options.BufferFullPolicy, _dropped);
        if (_dropped.Count > 0)
        {
            foreach (var dropped in _dropped)
            {
                PutMediaLog.FragmentDropped(Logger, StreamLabel, dropped.FragmentTimecode, dropped.Reason);
                CountDropped(dropped.Reason);
                Publish(dropped);
            }

            _dropped.Clear();
        }

        return fits;
    }

    private async ValueTask WaitForRoomAndWriteAsync(MediaFrame frame, long timecode, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static signal => ((AsyncSignal)signal!).Set(), Buffer.RoomFreed);
        using var lifetime = _lifetime.Token.Register(static signal => ((AsyncSignal)signal!).Set(), Buffer.RoomFreed);
        do
        {
            await Buffer.RoomFreed.WaitAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfUnusable();
        }
        while (!TryMakeRoom(frame, timecode));

        Write(frame, timecode);
    }

    // Frames before the first key frame of the video track are skipped, as the AWS producers skip
    // them: a fragment must start at one. With other tracks, a key frame that opens a fragment waits
    // in the cutter for their frames presented before it (FragmentCutter says why).
    private void Write(in MediaFrame frame, long timecode)
    {
        if (Buffer.FragmentsWritten == 0 && !_cutter.IsHolding)
        {
            if (!_writer.StartsFragment(frame.TrackNumber, timecode, frame.IsKeyFrame))
            {
                // Before the first fragment: another track's frames wait for it, the video's are skipped.
                var skipped = frame.TrackNumber == _fragmentTrack ? 1 : _cutter.HoldLeadIn(frame, timecode);
                if (skipped > 0 && Interlocked.Add(ref _framesSkipped, skipped) == skipped)
                {
                    PutMediaLog.SkippingBeforeKeyFrame(Logger, StreamLabel);
                }

                Interlocked.Add(ref _framesWritten, 1 - skipped);
                return;
            }

            WriteNow(frame, timecode);
            _cutter.ReleaseLeadIn(this, static (session, held, at) => session.WriteNow(held, at));
            Interlocked.Increment(ref _framesWritten);
            return;
        }

        if (_cutter.IsHolding)
        {
            if (_cutter.ShouldHold(frame, timecode, _fragmentTrack))
            {
                _cutter.Hold(frame, timecode);
                Interlocked.Increment(ref _framesWritten);
                return;
            }

            if (frame.TrackNumber == _fragmentTrack || timecode >= _cutter.CutTimecode)
            {
                ReleaseHeld();
            }
        }
        else if (Tracks.Count > 1 && _writer.IsFragmentOpen && frame.TrackNumber == _fragmentTrack && _writer.StartsFragment(frame.TrackNumber, timecode, frame.IsKeyFrame))
        {
            _cutter.Hold(frame, timecode);
            Interlocked.Increment(ref _framesWritten);
            return;
        }

        WriteNow(frame, timecode);
        Interlocked.Increment(ref _framesWritten);
        ReportProgress(force: false);
    }

    private void ReleaseHeld() => _cutter.Release(this, static (session, frame, timecode) => session.WriteNow(frame, timecode));

    private void WriteNow(in MediaFrame frame, long timecode)
    {
        lock (_metadataGate)
        {
            var metadata = MetadataForNextFragment();
            if (Buffer.WriteFrame(_writer, frame.TrackNumber, timecode, frame.IsKeyFrame, frame.Data.Span, metadata, out var skipped) && _pendingMetadata.Count > 0)
            {
                _pendingMetadata.Clear();
                _metadataChanged = true;
            }

            if (skipped)
            {
                Interlocked.Increment(ref _framesSkipped);
                Interlocked.Decrement(ref _framesWritten);
            }
        }
    }

    // The persistent items then the pending ones, rebuilt only when they change (not per frame).
    private List<KeyValuePair<string, string>> MetadataForNextFragment()
    {
        if (_metadataChanged)
        {
            _nextMetadata.Clear();
            _nextMetadata.AddRange(_persistentMetadata);
            _nextMetadata.AddRange(_pendingMetadata);
            _metadataChanged = false;
        }

        return _nextMetadata;
    }

    // Runs connection after connection until the stream is delivered, the session is abandoned or it fails.
    private async Task SuperviseAsync(PutMediaConnection.OpenedConnection connection)
    {
        var lifetime = _lifetime.Token;
        DrainingConnection? draining = null;
        var drains = new List<Task>();
        try
        {
            while (true)
            {
                var number = Interlocked.Increment(ref _connections);
                var span = StartConnectionSpan(number, connection.RequestId);
                var outcome = await new UploadLoop(this, connection.Connection, number, connection.Endpoint).RunAsync(draining, lifetime).ConfigureAwait(false);
                outcome.Draining!.Span = span;
                draining = null;
                if (outcome.Reason == PutMediaDisconnectReason.Rotated)
                {
                    draining = outcome.Draining;
                    drains.Add(DrainAsync(outcome.Draining!, outcome.Reason));
                }
                else
                {
                    await DrainAsync(outcome.Draining!, outcome.Reason).ConfigureAwait(false);
                    if (outcome.Reason is PutMediaDisconnectReason.Completed)
                    {
                        Buffer.ConnectionEnded(number, finalConnection: true);
                        if (Buffer.IsDrained)
                        {
                            return;
                        }
                    }
                }

                if (outcome.Reason == PutMediaDisconnectReason.Cancelled || lifetime.IsCancellationRequested)
                {
                    return;
                }

                if (outcome.Reason is not (PutMediaDisconnectReason.Rotated or PutMediaDisconnectReason.Completed))
                {
                    PutMediaLog.Reconnecting(Logger, StreamLabel, number, outcome.Reason, outcome.Error);
                }

                await _reconnect.WaitAsync(_reconnect.DelayAfter(outcome.Reason, outcome.MadeProgress), lifetime).ConfigureAwait(false);
                if (outcome.Reason == PutMediaDisconnectReason.Idle)
                {
                    // The service closed a connection nothing was sent on: the next one waits for data,
                    // and none is needed if the stream ends with everything delivered.
                    await WaitForDataAsync(lifetime).ConfigureAwait(false);
                    if (Buffer.IsEnded && Buffer.IsDrained)
                    {
                        return;
                    }
                }

                connection = await OpenAsync(lifetime).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
        }
        catch (Exception failure)
        {
            Fail(failure);
        }
        finally
        {
            await Task.WhenAll(drains).ConfigureAwait(false);
            _events.Writer.TryComplete();
        }
    }

    private ValueTask<PutMediaConnection.OpenedConnection> OpenAsync(CancellationToken cancellationToken) =>
        _reconnect.ConnectAsync(token => new ValueTask<PutMediaConnection.OpenedConnection>(PutMediaConnection.OpenAsync(_target, token)), cancellationToken);

    // One span per connection: a PutMedia request lasts up to the rotation interval. It is not made
    // the current activity, so the next connection's lookups are not its children.
    private Activity? StartConnectionSpan(int number, string? requestId)
    {
        var parent = Activity.Current;
        var span = KinesisVideoTelemetry.StartPutMediaConnection(_region, number);
        Activity.Current = parent;
        if (span is { IsAllDataRequested: true } && requestId is not null)
        {
            span.SetTag("aws.request_id", requestId);
        }

        return span;
    }

    // Lets a connection's acknowledgement reader finish (at once for an aborted connection; after
    // its last acknowledgements for a rotated one), then closes it.
    private async Task DrainAsync(DrainingConnection draining, PutMediaDisconnectReason reason)
    {
        await draining.Acknowledgements.ConfigureAwait(false);
        await draining.Connection.DisposeAsync().ConfigureAwait(false);
        var tags = _tags;
        tags.Add("kinesisvideo.put_media.end_reason", ReasonName(reason));
        _telemetry.PutMediaConnections.Add(1, tags);
        if (draining.Span is { } span)
        {
            span.SetTag("kinesisvideo.put_media.end_reason", ReasonName(reason));
            if (draining.State.Failure is { } failure && reason is not (PutMediaDisconnectReason.Completed or PutMediaDisconnectReason.Rotated))
            {
                span.SetTag("error.type", KinesisVideoTelemetry.ErrorType(failure));
                span.SetStatus(ActivityStatusCode.Error, failure.Message);
            }

            span.Dispose();
        }

        Publish(new PutMediaConnectionEvent
        {
            Time = Time.GetUtcNow(),
            Connection = draining.Number,
            Connected = false,
            Reason = reason,
            Error = draining.State.Failure,
        });
        if (reason == PutMediaDisconnectReason.Rotated)
        {
            Buffer.ConnectionEnded(draining.Number, finalConnection: false);
            Buffer.DataWritten.Set();
        }
    }

    private async Task WaitForDataAsync(CancellationToken lifetime)
    {
        using var registration = lifetime.Register(static signal => ((AsyncSignal)signal!).Set(), Buffer.DataWritten);
        while (!lifetime.IsCancellationRequested && !Buffer.HasSomethingToSend && !(Buffer.IsEnded && Buffer.IsDrained))
        {
            await Buffer.DataWritten.WaitAsync().ConfigureAwait(false);
        }
    }

    private void Publish(PutMediaEvent item) => _events.Writer.TryWrite(item);

    private void ReportProgress(bool force)
    {
        if (_options.Progress is not { } progress)
        {
            return;
        }

        var now = Time.GetTimestamp();
        var last = Interlocked.Read(ref _lastProgress);
        if (!force && last != 0 && Time.GetElapsedTime(last, now) < TimeSpan.FromMilliseconds(100))
        {
            return;
        }

        if (force || Interlocked.CompareExchange(ref _lastProgress, now, last) == last)
        {
            progress.Report(Progress);
        }
    }

    private void Fail(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is null)
        {
            PutMediaLog.Failed(Logger, StreamLabel, failure);
            _lifetime.Cancel();
            Buffer.RoomFreed.Set();
            Buffer.DataWritten.Set();
        }
    }

    private async Task AbandonAsync()
    {
        if (!_lifetime.IsCancellationRequested)
        {
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }

        Buffer.DataWritten.Set();
        Buffer.RoomFreed.Set();
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void ThrowIfUnusable()
    {
        ThrowIfFailed();
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (_completing)
        {
            throw new InvalidOperationException("The session is completing: no more frames can be written.");
        }
    }
}
