namespace KinesisVideo.Emulator.Faults;

/// <summary>
/// Failures of PutMedia connections a test can ask for: connections dropped part-way through the
/// body (after a set number of bytes, or at seeded random points), acknowledgements delayed on the
/// emulator's clock or lost, and ERROR acknowledgements for a chosen fragment. A dropped connection
/// is aborted at the TCP level, as a network failure would; an injected ERROR closes the connection
/// as the service's own errors do. Thread-safe; <see cref="EmulatorFaults.Reset"/> removes them all.
/// </summary>
public sealed class PutMediaFaults
{
    private readonly Lock _gate = new();
    private long? _dropNextAfter;
    private Random? _randomDrops;
    private long _randomDropMaxBytes;
    private int? _randomDropsLeft;
    private TimeSpan _ackDelay;
    private int _acksToDrop;
    private string? _ackTypeToDrop;
    private readonly List<FragmentFailure> _fragmentFailures = [];
    private readonly HashSet<(string Stream, long Timecode, int ErrorId)> _refused = [];

    /// <summary>
    /// The next PutMedia connection that starts is aborted once <paramref name="bodyBytes"/> bytes of
    /// its body (the MKV, after HTTP chunk framing is removed) have arrived; bytes of the read that
    /// reaches the count are not processed. Applies to one connection.
    /// </summary>
    /// <param name="bodyBytes">The body bytes after which the connection drops (at least 1).</param>
    public void DropNextConnectionAfter(long bodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bodyBytes, 1);
        lock (_gate)
        {
            _dropNextAfter = bodyBytes;
        }
    }

    /// <summary>
    /// Every PutMedia connection from now on is aborted after a random number of body bytes between
    /// 1 and <paramref name="maxBodyBytes"/>, drawn for each connection in turn from a generator seeded
    /// with <paramref name="seed"/>: the same seed gives the same sequence of drop points.
    /// </summary>
    /// <param name="seed">The seed of the drop points.</param>
    /// <param name="maxBodyBytes">The largest drop point.</param>
    /// <param name="connections">How many connections to drop before the fault ends by itself; null for every one until <see cref="EmulatorFaults.Reset"/>.</param>
    public void DropConnectionsRandomly(int seed, long maxBodyBytes, int? connections = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBodyBytes, 1);
        if (connections is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(connections));
        }

        lock (_gate)
        {
            _randomDrops = new Random(seed);
            _randomDropMaxBytes = maxBodyBytes;
            _randomDropsLeft = connections;
        }
    }

    /// <summary>
    /// Every acknowledgement from now on is sent <paramref name="delay"/> (on the emulator's clock)
    /// after it was due, in order; zero removes the delay. Ingest itself is not slowed.
    /// </summary>
    /// <param name="delay">The delay of each acknowledgement.</param>
    public void DelayAcknowledgements(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _ackDelay = delay;
        }
    }

    /// <summary>The next <paramref name="count"/> acknowledgements (of <paramref name="eventType"/> only, when given) are not sent.</summary>
    /// <param name="count">How many acknowledgements to lose.</param>
    /// <param name="eventType">BUFFERING, RECEIVED, PERSISTED, ERROR or IDLE; null for any.</param>
    public void DropAcknowledgements(int count, string? eventType = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _acksToDrop = count;
            _ackTypeToDrop = eventType;
        }
    }

    /// <summary>
    /// The fragment that would be stored at index <paramref name="fragmentIndex"/> of a stream (0 for
    /// the stream's first fragment; fragments that fail are not stored, so the index is the count of
    /// fragments stored before it) gets an ERROR acknowledgement with <paramref name="errorId"/>
    /// instead of RECEIVED, is not stored, and its connection is closed. A retriable error fires once,
    /// as a transient fault would; a terminal one (the fragment itself is at fault) refuses that
    /// fragment, by its timecode, every time it is sent again, as the service would.
    /// </summary>
    public void FailFragment(long fragmentIndex, int errorId, string? streamName = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fragmentIndex);
        if (Media.Ingest.IngestError.FromId(errorId) is null)
        {
            throw new ArgumentOutOfRangeException(nameof(errorId), errorId, "Not an ErrorId the PutMedia API documents.");
        }

        lock (_gate)
        {
            _fragmentFailures.Add(new FragmentFailure(fragmentIndex, errorId, streamName));
        }
    }

    internal void Reset()
    {
        lock (_gate)
        {
            _dropNextAfter = null;
            _randomDrops = null;
            _ackDelay = TimeSpan.Zero;
            _acksToDrop = 0;
            _ackTypeToDrop = null;
            _fragmentFailures.Clear();
            _refused.Clear();
        }
    }

    /// <summary>For a connection that starts: after how many body bytes it is dropped, or null.</summary>
    internal long? TakeDropPoint()
    {
        lock (_gate)
        {
            if (_dropNextAfter is { } once)
            {
                _dropNextAfter = null;
                return once;
            }

            if (_randomDrops is not { } random)
            {
                return null;
            }

            if (_randomDropsLeft is { } left)
            {
                _randomDropsLeft = left - 1;
                if (left == 1)
                {
                    _randomDrops = null;
                }
            }

            return random.NextInt64(1, _randomDropMaxBytes + 1);
        }
    }

    internal TimeSpan AckDelay
    {
        get
        {
            lock (_gate)
            {
                return _ackDelay;
            }
        }
    }

    /// <summary>True when the acknowledgement of <paramref name="eventType"/> is to be lost (and counts it).</summary>
    internal bool TakeAckDrop(string eventType)
    {
        lock (_gate)
        {
            if (_acksToDrop == 0 || (_ackTypeToDrop is not null && _ackTypeToDrop != eventType))
            {
                return false;
            }

            _acksToDrop--;
            return true;
        }
    }

    /// <summary>The ErrorId to fail the fragment at <paramref name="fragmentIndex"/> (timecode <paramref name="clusterTimecode"/>) of <paramref name="streamName"/> with, or null.</summary>
    internal int? TakeFragmentFailure(string streamName, long fragmentIndex, long clusterTimecode)
    {
        lock (_gate)
        {
            foreach (var refused in _refused)
            {
                if (refused.Stream == streamName && refused.Timecode == clusterTimecode)
                {
                    return refused.ErrorId;
                }
            }

            var index = _fragmentFailures.FindIndex(f => f.FragmentIndex == fragmentIndex && (f.StreamName is null || f.StreamName == streamName));
            if (index < 0)
            {
                return null;
            }

            var failure = _fragmentFailures[index];
            _fragmentFailures.RemoveAt(index);
            if (Media.Ingest.IngestError.FromId(failure.ErrorId) is { IsRetriable: false })
            {
                _refused.Add((streamName, clusterTimecode, failure.ErrorId));
            }

            return failure.ErrorId;
        }
    }

    private sealed record FragmentFailure(long FragmentIndex, int ErrorId, string? StreamName);
}
