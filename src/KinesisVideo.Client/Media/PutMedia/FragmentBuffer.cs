using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// The fragments a session has written and not yet seen delivered, with their bytes: what the
/// writer appends to, what the upload loop sends (and sends again after a reconnect), what
/// acknowledgements update and release, and the bounds and full policy of the whole.
/// </summary>
/// <remarks>
/// <para>
/// Acknowledgements come in fragment order, so each one speaks for the fragments before it too: a
/// RECEIVED for fragment k means k and everything before it arrived (the service processes a
/// connection's fragments in order and closes it at the first it refuses), and a PERSISTED likewise,
/// as the AWS producers trim their buffers. A new connection therefore resends from the first
/// fragment after the newest RECEIVED one.
/// </para>
/// <para>
/// Thread-safe: the writer, the upload loop and the acknowledgement readers call in concurrently.
/// Bytes handed to the upload loop stay valid until it calls <see cref="EndSend"/>: releases of
/// acknowledged fragments stop short of them.
/// </para>
/// </remarks>
internal sealed class FragmentBuffer : IDisposable
{
    /// <summary>The service's largest fragment: 50 MB.</summary>
    public const long MaxFragmentBytes = 50L * 1000 * 1000;

    /// <summary>The service's longest fragment: 10 seconds, in milliseconds.</summary>
    public const long MaxFragmentDurationMs = 10_000;

    private readonly Lock _gate = new();
    private readonly ByteLog _log = new();
    private readonly List<BufferedFragment> _fragments = [];
    private readonly TimeProvider _time;
    private readonly long _maxBytes;
    private readonly long _maxDurationMs;
    private long _nextSequence;
    private long _pinnedFrom = long.MaxValue;
    private bool _ended;

    public FragmentBuffer(TimeProvider time, long maxBytes, TimeSpan maxDuration)
    {
        _time = time;
        _maxBytes = maxBytes;
        _maxDurationMs = (long)maxDuration.TotalMilliseconds;
    }

    /// <summary>Set when new bytes are written or the stream ends: the upload loop waits on it.</summary>
    public AsyncSignal DataWritten { get; } = new();

    /// <summary>Set when fragments are released: a writer waiting for room waits on it.</summary>
    public AsyncSignal RoomFreed { get; } = new();

    /// <summary>Set on every acknowledgement that changes a fragment's state: completion waits on it.</summary>
    public AsyncSignal Acknowledged { get; } = new();

    /// <summary>Whether delivery means RECEIVED (streams without retention) rather than PERSISTED.</summary>
    public bool CompleteOnReceived { get; set; }

    public long FragmentsWritten { get; private set; }

    public long FragmentsReceived { get; private set; }

    public long FragmentsPersisted { get; private set; }

    public long FragmentsDropped { get; private set; }

    /// <summary>Fragments RECEIVED whose PERSISTED never came (their connection ended, or room was needed).</summary>
    public long FragmentsUnconfirmed { get; private set; }

    /// <summary>The end of everything written: the offset after the last byte.</summary>
    public long End
    {
        get
        {
            lock (_gate)
            {
                return _log.End;
            }
        }
    }

    /// <summary>True once <see cref="EndStream"/> was called: no more bytes will be written.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>True when every fragment written has been delivered, dropped or given up on.</summary>
    public bool IsDrained
    {
        get
        {
            lock (_gate)
            {
                foreach (var fragment in _fragments)
                {
                    if (!IsDone(fragment))
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    /// <summary>True when a new connection would have something to do: fragments not yet RECEIVED, or the stream's end to deliver.</summary>
    public bool HasSomethingToSend
    {
        get
        {
            lock (_gate)
            {
                if (_ended && _fragments.Count > 0)
                {
                    return true;
                }

                var newestReceived = _fragments.FindLastIndex(static f => f.Received);
                for (var i = newestReceived + 1; i < _fragments.Count; i++)
                {
                    if (!_fragments[i].Dropped)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    /// <summary>The bytes held in memory (capacity of the segments included).</summary>
    public long MemoryHeld
    {
        get
        {
            lock (_gate)
            {
                return _log.Capacity;
            }
        }
    }

    /// <summary>The fragments not yet delivered, oldest first, for a summary.</summary>
    public IReadOnlyList<(long Timecode, string? FragmentNumber, bool Received)> Undelivered()
    {
        lock (_gate)
        {
            return [.. _fragments.Where(f => !IsDone(f)).Select(f => (f.Timecode, f.FragmentNumber, f.Received))];
        }
    }

    /// <summary>
    /// Makes room for a frame of <paramref name="frameBytes"/> at <paramref name="timecode"/> under the
    /// bounds: true when it fits, false when the caller must wait for <see cref="RoomFreed"/>
    /// (<see cref="PutMediaBufferFullPolicy.Wait"/>). DropOldest drops fragments into <paramref name="dropped"/>
    /// and always returns true.
    /// </summary>
    /// <exception cref="PutMediaBufferFullException">The policy is Fail, or the open fragment alone outgrows the buffer.</exception>
    public bool TryMakeRoom(long frameBytes, long timecode, PutMediaBufferFullPolicy policy, List<PutMediaFragmentDropped> dropped)
    {
        lock (_gate)
        {
            while (true)
            {
                var oldest = OldestPending();
                var bytes = _log.End - RetainedStart() + frameBytes;
                var span = oldest is null ? 0 : timecode - oldest.Timecode;
                if (bytes <= _maxBytes && span <= _maxDurationMs)
                {
                    return true;
                }

                if (oldest is null or { IsSealed: false })
                {
                    throw new PutMediaBufferFullException(
                        $"The fragment being written alone outgrows the buffer ({bytes} bytes, {span} ms; MaxBufferedBytes {_maxBytes}, MaxBufferedDuration {_maxDurationMs} ms): send key frames more often or raise the bounds.");
                }

                switch (policy)
                {
                    case PutMediaBufferFullPolicy.Wait:
                        return false;
                    case PutMediaBufferFullPolicy.Fail:
                        throw new PutMediaBufferFullException(
                            $"The PutMedia buffer is full ({bytes - frameBytes} bytes, {span} ms of media; MaxBufferedBytes {_maxBytes}, MaxBufferedDuration {_maxDurationMs} ms): the service has not acknowledged the fragments in it.");
                }

                if (!DropOldest(dropped))
                {
                    // Only the fragment the upload loop is sending this moment is left, and its bytes
                    // cannot go until the send is done: the frame is taken over the bound (by at most
                    // that one fragment) rather than making the writer wait, which DropOldest promises
                    // it never does.
                    return true;
                }
            }
        }
    }

    /// <summary>
    /// Writes one frame with <paramref name="writer"/>, first sealing the open fragment and opening a
    /// new one (with <paramref name="metadata"/>) when the frame starts one. Checks the service's
    /// fragment limits first, so a frame that would break them is refused and nothing is written.
    /// </summary>
    /// <returns>True when the frame started a fragment.</returns>
    /// <exception cref="InvalidOperationException">The frame cannot be written (see <see cref="KvsMkvWriter.WriteFrame"/>), or it would make the fragment break the service's limits.</exception>
    public bool WriteFrame(KvsMkvWriter writer, ulong trackNumber, long timecode, bool isKeyFrame, ReadOnlySpan<byte> payload, IReadOnlyList<KeyValuePair<string, string>> metadata, out bool skipped)
    {
        skipped = false;
        lock (_gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException("The session is completing: no more frames can be written.");
            }

            // The service closes an open fragment itself when it ends a connection that went idle
            // (what arrived is all there is): later frames cannot join it. Its bytes end here, and
            // frames that cannot start a fragment are skipped until a key frame does.
            if (OpenFragment() is { Received: true } closed)
            {
                writer.WriteEndOfFragment(_log);
                Seal(closed, _log.End);
            }

            if (!writer.IsFragmentOpen && !writer.StartsFragment(trackNumber, timecode, isKeyFrame))
            {
                skipped = true;
                return false;
            }

            // Checked first: metadata written for a frame the writer then refused would be orphaned.
            var starts = writer.CheckFrame(trackNumber, timecode, isKeyFrame);
            var open = OpenFragment();
            if (!starts && open is not null)
            {
                if (_log.End - open.Start + payload.Length > MaxFragmentBytes)
                {
                    throw new InvalidOperationException($"The fragment would be larger than the service's {MaxFragmentBytes} bytes: start a fragment (send a key frame) sooner.");
                }

                if (timecode - open.Timecode > MaxFragmentDurationMs)
                {
                    throw new InvalidOperationException($"The fragment would last longer than the service's {MaxFragmentDurationMs / 1000} seconds: send a key frame at least every 10 seconds.");
                }
            }

            var end = _log.End;
            if (starts)
            {
                // Metadata goes before the Cluster and belongs to the new fragment.
                foreach (var (name, value) in metadata)
                {
                    writer.WriteFragmentMetadata(_log, name, value);
                }
            }

            writer.WriteFrame(_log, trackNumber, timecode, isKeyFrame, payload);
            if (starts)
            {
                if (open is not null)
                {
                    Seal(open, end);
                }

                _fragments.Add(new BufferedFragment(_nextSequence++, end, timecode));
                FragmentsWritten++;
            }
            else
            {
                open!.LatestTimecode = Math.Max(open.LatestTimecode, timecode);
            }
        }

        DataWritten.Set();
        return true;
    }

    /// <summary>Ends the stream: the end-of-fragment marker closes the open fragment, which is sealed; nothing more is written.</summary>
    public void EndStream(KvsMkvWriter writer)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (OpenFragment() is { } open)
            {
                // The marker lets the service close the last fragment without waiting for another.
                writer.WriteEndOfFragment(_log);
                Seal(open, _log.End);
            }
        }

        DataWritten.Set();
    }

    /// <summary>
    /// Where a new connection starts sending: the first fragment after the newest one RECEIVED that
    /// is not dropped (the end, when there is none). Marks the fragments from there that were sent
    /// before as resent; <paramref name="fromTimecode"/> is the first of those, null when none was.
    /// </summary>
    public long ResendPoint(out int resent, out long? fromTimecode)
    {
        lock (_gate)
        {
            resent = 0;
            fromTimecode = null;
            var newestReceived = _fragments.FindLastIndex(f => f.Received);
            long? point = null;
            for (var i = newestReceived + 1; i < _fragments.Count; i++)
            {
                var fragment = _fragments[i];
                if (fragment.Dropped)
                {
                    continue;
                }

                point ??= fragment.Start;
                if (fragment.SentOn != 0)
                {
                    fromTimecode ??= fragment.Timecode;
                    fragment.Resent = true;
                    resent++;
                }

                fragment.SentAt = 0;
                fragment.Buffering = false;
            }

            return point ?? _log.End;
        }
    }

    /// <summary>
    /// The next bytes for connection <paramref name="connection"/> to send from <paramref name="position"/>:
    /// up to the end of what is written, or, with <paramref name="stopAtFragmentEnd"/>, to the end of the
    /// fragment the position is in. Dropped fragments not yet begun are skipped (the position moves
    /// past them). Empty when there is nothing to send yet. The bytes stay valid until <see cref="EndSend"/>.
    /// </summary>
    public ReadOnlySequence<byte> BeginSend(ref long position, int connection, bool stopAtFragmentEnd)
    {
        lock (_gate)
        {
            // While no send pinned them, the fragments before the position's first may have been
            // delivered or given up (DropOldest) and their bytes released: the rest starts after them.
            position = Math.Max(position, RetainedStart());
            var index = FragmentAt(position);
            while (index < _fragments.Count && _fragments[index] is { Dropped: true, IsSealed: true } skipped && skipped.Start == position)
            {
                position = skipped.End;
                index++;
            }

            var to = _log.End;
            if (stopAtFragmentEnd && index < _fragments.Count && _fragments[index].IsSealed)
            {
                to = Math.Min(to, _fragments[index].End);
            }

            if (position >= to)
            {
                return ReadOnlySequence<byte>.Empty;
            }

            var now = _time.GetTimestamp();
            for (var i = index; i < _fragments.Count && _fragments[i].Start < to; i++)
            {
                var fragment = _fragments[i];
                if (fragment.Start >= position && fragment.SentOn != connection)
                {
                    fragment.SentOn = connection;
                    fragment.SentAt = now;
                }
            }

            _pinnedFrom = position;
            return _log.Slice(position, to);
        }
    }

    /// <summary>The bytes from the last <see cref="BeginSend"/> are sent (or abandoned): they may be released.</summary>
    public void EndSend()
    {
        lock (_gate)
        {
            _pinnedFrom = long.MaxValue;
            Release();
        }
    }

    /// <summary>True when <paramref name="position"/> is at the start of a fragment (or at the end of everything written).</summary>
    public bool IsFragmentBoundary(long position)
    {
        lock (_gate)
        {
            if (position == _log.End)
            {
                return true;
            }

            var index = FragmentAt(position);
            return index < _fragments.Count && _fragments[index].Start == position;
        }
    }

    /// <summary>
    /// Applies an acknowledgement: marks its fragment (and, for BUFFERING, RECEIVED and PERSISTED, the
    /// ones before it) and releases what is delivered. Returns the fragment it names, or null when
    /// it names none this buffer holds (IDLE, or a fragment already released).
    /// </summary>
    public BufferedFragment? Apply(in RawAcknowledgement acknowledgement, PutMediaAckEventType type, PutMediaErrorId? error)
    {
        BufferedFragment? fragment;
        lock (_gate)
        {
            fragment = acknowledgement.FragmentTimecode is { } timecode ? Find(timecode) : null;
            if (fragment is null)
            {
                return null;
            }

            fragment.FragmentNumber ??= acknowledgement.FragmentNumber;
            var through = _fragments.IndexOf(fragment);
            if (type == PutMediaAckEventType.BUFFERING)
            {
                for (var i = 0; i <= through; i++)
                {
                    _fragments[i].Buffering = true;
                }
            }
            else if (type == PutMediaAckEventType.RECEIVED)
            {
                for (var i = 0; i <= through; i++)
                {
                    MarkReceived(_fragments[i]);
                }
            }
            else if (type == PutMediaAckEventType.PERSISTED)
            {
                for (var i = 0; i <= through; i++)
                {
                    MarkReceived(_fragments[i]);
                    if (!_fragments[i].Persisted && !_fragments[i].Dropped)
                    {
                        _fragments[i].Persisted = true;
                        FragmentsPersisted++;
                    }
                }
            }
            else if (type == PutMediaAckEventType.ERROR && error is { } id)
            {
                if (id.IsRetriable)
                {
                    // Sent again from this fragment, even if it was RECEIVED (5001: it could not be persisted).
                    if (fragment.Received)
                    {
                        fragment.Received = false;
                        FragmentsReceived--;
                    }
                }
                else if (!fragment.Dropped)
                {
                    fragment.Dropped = true;
                    FragmentsDropped++;
                }
            }

            Release();
        }

        Acknowledged.Set();
        return fragment;
    }

    /// <summary>
    /// The clock timestamp since which the oldest fragment sent on <paramref name="connection"/> has
    /// waited for its BUFFERING acknowledgement; null when none is waiting.
    /// </summary>
    public long? AwaitingBufferingSince(int connection)
    {
        lock (_gate)
        {
            foreach (var fragment in _fragments)
            {
                if (fragment.SentOn == connection && fragment.SentAt != 0 && !fragment.Buffering && !fragment.Received && !fragment.Dropped)
                {
                    return fragment.SentAt;
                }
            }

            return null;
        }
    }

    /// <summary>True when every fragment connection <paramref name="connection"/> sent has been RECEIVED (or dropped).</summary>
    public bool AllReceived(int connection)
    {
        lock (_gate)
        {
            foreach (var fragment in _fragments)
            {
                if (fragment.SentOn == connection && !fragment.Received && !fragment.Dropped)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// A connection ended: fragments it carried that were RECEIVED will never get their PERSISTED
    /// from it; when delivery means PERSISTED, they are given up on as unconfirmed if no other
    /// connection can confirm them (a later PERSISTED would).
    /// </summary>
    public void ConnectionEnded(int connection, bool finalConnection)
    {
        lock (_gate)
        {
            if (finalConnection)
            {
                foreach (var fragment in _fragments)
                {
                    if (fragment.Received && !fragment.Persisted && !fragment.Dropped && !CompleteOnReceived)
                    {
                        fragment.Dropped = true;
                        FragmentsUnconfirmed++;
                    }
                }

                Release();
            }

            foreach (var fragment in _fragments)
            {
                if (fragment.SentOn == connection)
                {
                    fragment.SentAt = 0;
                }
            }
        }

        Acknowledged.Set();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _fragments.Clear();
            _log.Dispose();
        }
    }

    // The oldest fragment still to be delivered (the open one counts); null when there is none.
    private BufferedFragment? OldestPending()
    {
        foreach (var fragment in _fragments)
        {
            if (!IsDone(fragment) || !fragment.IsSealed)
            {
                return fragment;
            }
        }

        return null;
    }

    private void MarkReceived(BufferedFragment fragment)
    {
        if (!fragment.Received && !fragment.Dropped)
        {
            fragment.Received = true;
            fragment.Buffering = true;
            FragmentsReceived++;
        }
    }

    private bool IsDone(BufferedFragment fragment) =>
        fragment.Dropped || fragment.Persisted || (CompleteOnReceived && fragment.Received);

    private BufferedFragment? OpenFragment() => _fragments.Count > 0 && !_fragments[^1].IsSealed ? _fragments[^1] : null;

    private void Seal(BufferedFragment fragment, long end)
    {
        fragment.End = end;
        fragment.SealedAt = _time.GetTimestamp();
    }

    private long RetainedStart() => _fragments.Count > 0 ? _fragments[0].Start : _log.End;

    private int FragmentAt(long position)
    {
        // The fragment containing position, or the first starting after it.
        var low = 0;
        var high = _fragments.Count - 1;
        var found = _fragments.Count;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var fragment = _fragments[middle];
            if (fragment.IsSealed && fragment.End <= position)
            {
                low = middle + 1;
            }
            else
            {
                found = middle;
                high = middle - 1;
            }
        }

        return found;
    }

    private BufferedFragment? Find(long timecode)
    {
        var low = 0;
        var high = _fragments.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var value = _fragments[middle].Timecode;
            if (value == timecode)
            {
                return _fragments[middle];
            }

            if (value < timecode)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    // DropOldest: give up the oldest fragment that can go: first any RECEIVED and waiting only for
    // PERSISTED (nothing is lost), then the oldest not yet received (an event says so). Never the open
    // fragment, nor one the upload loop is sending this moment.
    private bool DropOldest(List<PutMediaFragmentDropped> dropped)
    {
        foreach (var onlyReceived in new[] { true, false })
        {
            foreach (var fragment in _fragments)
            {
                if (IsDone(fragment) || !fragment.IsSealed || fragment.Received != onlyReceived || (fragment.Start <= _pinnedFrom && _pinnedFrom < fragment.End))
                {
                    continue;
                }

                fragment.Dropped = true;
                if (onlyReceived)
                {
                    FragmentsUnconfirmed++;
                }
                else
                {
                    FragmentsDropped++;
                    dropped.Add(new PutMediaFragmentDropped
                    {
                        Time = _time.GetUtcNow(),
                        FragmentTimecode = fragment.Timecode,
                        Reason = PutMediaDropReason.BufferFull,
                        Bytes = fragment.End - fragment.Start,
                    });
                }

                Release();
                return true;
            }
        }

        return false;
    }

    // Drops delivered fragments from the front and gives their bytes back, short of what is being sent.
    private void Release()
    {
        var count = 0;
        while (count < _fragments.Count && _fragments[count].IsSealed && IsDone(_fragments[count]))
        {
            count++;
        }

        if (count > 0)
        {
            _fragments.RemoveRange(0, count);
        }

        var keepFrom = Math.Min(RetainedStart(), _pinnedFrom);
        if (keepFrom > _log.Start)
        {
            _log.ReleaseTo(keepFrom);
            RoomFreed.Set();
        }
        else if (count > 0)
        {
            RoomFreed.Set();
        }
    }
}
