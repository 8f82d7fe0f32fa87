using System.Buffers;
using System.Buffers.Binary;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator.Faults;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// One PutMedia connection after its 200: reads the MKV body as it arrives, keeps the producer's
/// header, cuts the body into fragments, checks and stores each one, and acknowledges it
/// (BUFFERING, RECEIVED, PERSISTED) while the body is still open. A timer on the emulator's clock
/// sends IDLE while no data comes, closes the connection after the idle timeout, and ends it with
/// ERROR 4003 at the maximum connection duration. Any problem ends the connection with one ERROR
/// acknowledgement; the fragment at fault is not stored.
/// </summary>
internal sealed class IngestSession
{
    // Producers' headers are a few hundred bytes (codec private data included); a bound keeps a
    // body that never starts a fragment from growing the copy without limit.
    private const int MaxHeaderBytes = 1024 * 1024;

    private readonly StreamingOperationContext _context;
    private readonly StreamRecord _stream;
    private readonly PutMediaRequest _request;
    private readonly AcknowledgementStream _acks;
    private readonly PutMediaFaults _faults;
    private readonly MediaLimits _limits;
    private readonly TimeProvider _time;
    private readonly long? _dropPoint;
    private readonly IDisposable _ingestLease;

    // The service's limits are checked here with their own error codes, so the reader's are lifted.
    private readonly MkvStreamReader _reader = new(new MkvReaderOptions { MaxFrameSize = int.MaxValue, MaxFragmentSize = long.MaxValue });
    private readonly Level1ElementScanner _scanner = new();
    private readonly Queue<Level1Element> _boundaries = new();
    private readonly ArrayBufferWriter<byte> _headerBytes = new();
    private readonly List<MkvTrackEntry> _tracks = [];
    private ReadOnlySequence<byte> _buffer;
    private long _bufferStart;
    private bool _sawDocument;
    private Level1Element? _segment;
    private ProducerHeader? _header;
    private long? _pendingFragmentStart;
    private volatile IngestingFragment? _fragment;
    private bool _fragmentHasCluster;
    private DateTimeOffset? _previousLatestFrame;
    private long _lastDataTicks;
    private volatile IngestError? _stopError;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IngestSession(StreamingOperationContext context, StreamRecord stream, PutMediaRequest request, AcknowledgementStream acks, IDisposable ingestLease)
    {
        _ingestLease = ingestLease;
        _context = context;
        _stream = stream;
        _request = request;
        _acks = acks;
        _faults = context.Faults.PutMedia;
        _limits = context.State.Media;
        _time = context.State.Time;
        _dropPoint = _faults.TakeDropPoint();
        _lastDataTicks = _time.GetUtcNow().UtcTicks;
    }

    private StreamMedia Media => _stream.Media;

    private DateTimeOffset LastData => new(Interlocked.Read(ref _lastDataTicks), TimeSpan.Zero);

    /// <summary>Runs the connection to its end: the body ends, an error, the idle timeout, or the peer going away.</summary>
    public async Task RunAsync()
    {
        using var stopWatchdog = CancellationTokenSource.CreateLinkedTokenSource(_context.Aborted);
        var watchdog = WatchAsync(stopWatchdog.Token);
        var failed = false;
        try
        {
            await ReadBodyAsync().ConfigureAwait(false);
        }
        catch (IngestException e)
        {
            PostError(e.Error);
            failed = true;
        }
        catch (OperationCanceledException) when (_context.Aborted.IsCancellationRequested)
        {
            // The producer went away: nobody is left to acknowledge.
        }
        finally
        {
            // Once its body has ended the connection produces nothing more: the stream takes a new
            // PutMedia while this one's last acknowledgements go out, as a producer that rotates
            // its connection needs.
            _ingestLease.Dispose();
            await stopWatchdog.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
        }

        await _acks.CompleteAsync().ConfigureAwait(false);
        if (failed)
        {
            await LetTheProducerReadTheErrorAsync().ConfigureAwait(false);
        }
    }

    // After an ERROR the connection closes, but not before the producer has had the ERROR: closing a
    // socket with body bytes still unread resets it, and a reset can discard the response bytes not
    // yet read on the other side. So the close waits, briefly and in real time (a fake clock in a
    // test must not hold it), for the producer to read the ERROR and go.
    private async Task LetTheProducerReadTheErrorAsync()
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), _context.Aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The producer read it and went away.
        }
    }

    // A connection that ends before its body does leaves a read outstanding (an un-advanced
    // result, or a pending read when the timer ends it): Kestrel then cannot drain the rest of the
    // body and closes the connection once the response is out, as the service closes it, instead of
    // reading on for seconds before it gives up.
    private async Task ReadBodyAsync()
    {
        var body = _context.Http.Request.BodyReader;
        while (true)
        {
            var reading = body.ReadAsync(_context.Aborted).AsTask();
            if (await Task.WhenAny(reading, _stopped.Task).ConfigureAwait(false) != reading)
            {
                // Kestrel fails the pending read when the request ends; nothing waits for it.
                _ = reading.ContinueWith(static r => r.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                if (_stopError is { } error)
                {
                    throw new IngestException(error, "Ended by the connection's timer.");
                }

                // The idle timeout: what arrived of the open fragment is all there will be.
                FinishBody(_reader.BytesConsumed);
                return;
            }

            var result = await reading.ConfigureAwait(false);
            _buffer = result.Buffer;
            _bufferStart = _reader.BytesConsumed;
            var end = _bufferStart + _buffer.Length;
            Interlocked.Exchange(ref _lastDataTicks, _time.GetUtcNow().UtcTicks);
            if (end >= _dropPoint)
            {
                _context.Http.Abort();
                return;
            }

            if (Media.IsDeleted)
            {
                throw new IngestException(IngestError.StreamNotActive, $"The stream {_stream.Name} was deleted.");
            }

            var consumed = _buffer.Start;
            var examined = _buffer.End;
            try
            {
                Process(ref consumed, ref examined);
                if (result.IsCompleted)
                {
                    _reader.ThrowIfTruncated(_buffer.Slice(consumed));
                    FinishBody(end);
                }
            }
            catch (MkvFormatException e)
            {
                throw new IngestException(IngestError.InvalidMkvData, e.Message, e);
            }

            body.AdvanceTo(consumed, examined);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private void Process(ref SequencePosition consumed, ref SequencePosition examined)
    {
        // The scanner reports level-1 elements only, so a body that starts with anything else is caught here.
        if (_bufferStart == 0 && _buffer.Length >= 4)
        {
            Span<byte> id = stackalloc byte[4];
            _buffer.Slice(0, 4).CopyTo(id);
            if (BinaryPrimitives.ReadUInt32BigEndian(id) != MkvElementIds.Ebml)
            {
                throw InvalidMkv("The body must begin with an EBML header.");
            }
        }

        _scanner.Scan(_buffer, _bufferStart, _boundaries);
        while (_reader.TryRead(_buffer.Slice(consumed), out var item, out consumed, out examined))
        {
            HandleBoundariesBefore(item.Offset);
            Handle(item);
        }

        HandleBoundariesBefore(long.MaxValue);
        if (_header is null)
        {
            CopyHeader(_reader.BytesConsumed);
        }

        if ((_fragment?.Start ?? _pendingFragmentStart) is { } start
            && Math.Max(_scanner.DeclaredEnd, _bufferStart + _buffer.Length) - start > _limits.MaxFragmentSizeBytes)
        {
            throw new IngestException(IngestError.MaxFragmentSizeReached, $"The fragment is larger than {_limits.MaxFragmentSizeBytes} bytes.");
        }
    }

    private void HandleBoundariesBefore(long offset)
    {
        while (_boundaries.TryPeek(out var element) && element.Offset < offset)
        {
            _boundaries.Dequeue();
            HandleBoundary(element);
        }
    }

    private void HandleBoundary(Level1Element element)
    {
        if (!_sawDocument && (element.Id != MkvElementIds.Ebml || element.Offset != 0))
        {
            throw InvalidMkv("The body must begin with an EBML header.");
        }

        switch (element.Id)
        {
            case MkvElementIds.Ebml when _sawDocument:
                throw InvalidMkv("A PutMedia connection carries one EBML document; a second EBML header arrived.");
            case MkvElementIds.Ebml:
                _sawDocument = true;
                return;
            case MkvElementIds.Segment when _segment is not null:
                throw InvalidMkv("A PutMedia connection carries one Segment; a second Segment arrived.");
            case MkvElementIds.Segment:
                _segment = element;
                return;
            case MkvElementIds.Info or MkvElementIds.Tracks when _header is not null:
                throw InvalidMkv($"{MkvElementIds.GetName(element.Id)} is only allowed in the header, before the first fragment.");
        }

        if (element.Id is not (MkvElementIds.Tags or MkvElementIds.Cluster))
        {
            // Other level-1 elements (SeekHead, Cues, ...) belong to no fragment, but they end a Cluster.
            if (_header is not null && _fragmentHasCluster)
            {
                CompleteFragment(element.Offset);
            }

            return;
        }

        _header ??= EndHeader(element.Offset);
        if (_fragmentHasCluster)
        {
            CompleteFragment(element.Offset);
        }

        if (element.Id == MkvElementIds.Cluster)
        {
            _fragment ??= OpenFragment(_pendingFragmentStart ?? element.Offset);
            _pendingFragmentStart = null;
            _fragmentHasCluster = true;
        }
        else if (_fragment is null)
        {
            // Opened by its first metadata tag: the Tags may be only the end-of-fragment marker.
            _pendingFragmentStart ??= element.Offset;
        }
    }

    private void Handle(in MkvEvent item)
    {
        switch (item.Kind)
        {
            case MkvEventKind.TrackEntry:
                _tracks.Add(item.TrackEntry!);
                if (_tracks.Count > _limits.MaxTracks)
                {
                    throw new IngestException(IngestError.MoreThanAllowedTracksFound, $"The header declares more than {_limits.MaxTracks} tracks.");
                }

                break;

            case MkvEventKind.ClusterStart:
                var fragment = _fragment ?? throw InvalidMkv("A Cluster outside the Segment.");
                fragment.StartCluster(item.ClusterTimecode);
                _acks.Post(new Acknowledgement(Acknowledgement.Buffering, item.ClusterTimecode, fragment.Number));
                break;

            case MkvEventKind.Tag:
                var name = item.Tag.GetName();
                if (name == KvsMkvWriter.EndOfFragmentTagName)
                {
                    // The marker closes a fragment (the Tags element it is in already has) and is not metadata.
                    _pendingFragmentStart = _fragment is null ? null : _pendingFragmentStart;
                    break;
                }

                _fragment ??= OpenFragment(_pendingFragmentStart ?? item.Offset);
                _pendingFragmentStart = null;
                _fragment.AddMetadata(name, item.Tag.GetStringValue());
                break;

            case MkvEventKind.Frame:
                (_fragment ?? throw InvalidMkv("A frame outside a Cluster.")).AddFrame(item.Frame);
                break;
        }
    }

    private ProducerHeader EndHeader(long end)
    {
        CopyHeader(end);
        if (_segment is not { } segment)
        {
            throw InvalidMkv("The header has no Segment.");
        }

        if (_tracks.Count == 0)
        {
            throw InvalidMkv("The header declares no tracks.");
        }

        var bytes = _headerBytes.WrittenSpan.ToArray();

        // GetMedia replays the header before each fragment, so the Segment must not claim a size.
        if (!segment.IsUnknownSize)
        {
            var size = bytes.AsSpan((int)segment.SizeOffset, segment.SizeLength);
            size.Fill(0xFF);
            size[0] = (byte)(0xFF >> (segment.SizeLength - 1));
        }

        return new ProducerHeader(bytes, _reader.TimecodeScale, [.. _tracks]);
    }

    // Copies the header bytes up to body offset end out of the request buffer before they are released.
    private void CopyHeader(long end)
    {
        var from = _headerBytes.WrittenCount;
        if (end > MaxHeaderBytes)
        {
            throw InvalidMkv($"The header (EBML header to the first Tags or Cluster) is larger than {MaxHeaderBytes} bytes.");
        }

        if (end > from)
        {
            var bytes = _buffer.Slice(from - _bufferStart, end - from);
            bytes.CopyTo(_headerBytes.GetSpan((int)bytes.Length));
            _headerBytes.Advance((int)bytes.Length);
        }
    }

    private IngestingFragment OpenFragment(long start)
    {
        var timeBase = _request.IsRelative ? _request.ProducerStartTimestamp!.Value : DateTimeOffset.UnixEpoch;
        return new IngestingFragment(_context.State.FragmentNumbers.Next(), _time.GetUtcNow(), start, _header!, timeBase, _limits);
    }

    private void CompleteFragment(long end)
    {
        var fragment = _fragment!;
        var persisted = RetainsData();
        var stored = fragment.Complete(end, persisted);
        if (fragment.EarliestFrame <= _previousLatestFrame)
        {
            throw new IngestException(IngestError.FragmentTimecodeLesserThanPrevious, "The fragment's earliest frame is not after the previous fragment's latest frame.");
        }

        if (_faults.TakeFragmentFailure(_stream.Name, Media.EndIndex, stored.ClusterTimecode) is { } injected)
        {
            throw new IngestException(IngestError.FromId(injected)!, "Injected by the emulator's PutMedia faults.");
        }

        if (Media.IsDeleted)
        {
            throw new IngestException(IngestError.StreamNotActive, $"The stream {_stream.Name} was deleted.");
        }

        _acks.Post(new Acknowledgement(Acknowledgement.Received, stored.ClusterTimecode, stored.FragmentNumber));
        Media.Append(stored);
        if (persisted)
        {
            _acks.Post(new Acknowledgement(Acknowledgement.Persisted, stored.ClusterTimecode, stored.FragmentNumber));
        }

        _previousLatestFrame = fragment.LatestFrame;
        _fragment = null;
        _fragmentHasCluster = false;
    }

    private void FinishBody(long end)
    {
        if (_fragmentHasCluster)
        {
            CompleteFragment(end);
        }
    }

    private bool RetainsData()
    {
        lock (_context.State.Gate)
        {
            return _stream.DataRetentionInHours > 0;
        }
    }

    private void PostError(IngestError error)
    {
        var fragment = _fragment;
        _acks.Post(new Acknowledgement(Acknowledgement.ErrorEvent, fragment?.ClusterTimecode, fragment?.Number, error));
    }

    // IDLE while no data arrives, the idle close, the maximum connection duration and a deleted
    // stream, all on the emulator's clock. IDLE is due IdleAckInterval after the last data or the
    // last IDLE, whichever is later, so the first one comes 3 s into a silence however long the
    // connection has been open. A wait that ends before a due time (data came meanwhile) only
    // recomputes it; waits never exceed the interval, so a deleted stream is noticed within it.
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _limits.PutMediaMaxConnectionDuration;
        var lastIdle = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                var lastData = LastData;
                var idleDue = (lastData > lastIdle ? lastData : lastIdle) + _limits.IdleAckInterval;
                var closeDue = lastData + _limits.PutMediaIdleTimeout;
                var wake = Earliest(Earliest(idleDue, closeDue), Earliest(deadline, now + _limits.IdleAckInterval));
                if (wake > now)
                {
                    await Task.Delay(wake - now, _time, cancellationToken).ConfigureAwait(false);
                    now = _time.GetUtcNow();
                    lastData = LastData;
                }

                var error = now >= deadline ? IngestError.MaxConnectionDurationReached : Media.IsDeleted ? IngestError.StreamNotActive : null;
                if (error is not null || now - lastData >= _limits.PutMediaIdleTimeout)
                {
                    _stopError = error;
                    _stopped.TrySetResult();
                    return;
                }

                if (now - lastData >= _limits.IdleAckInterval && now - lastIdle >= _limits.IdleAckInterval)
                {
                    _acks.Post(new Acknowledgement(Acknowledgement.Idle));
                    lastIdle = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static IngestException InvalidMkv(string message) => new(IngestError.InvalidMkvData, message);
}
