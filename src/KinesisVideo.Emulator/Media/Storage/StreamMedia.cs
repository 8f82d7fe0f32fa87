namespace KinesisVideo.Emulator.Media.Storage;

/// <summary>
/// One stream's media: its fragments in arrival order, who is writing and reading it, and a signal
/// for readers that tail it live. Fragments get absolute indexes (0 for the stream's first) that
/// never change when old fragments are trimmed for retention, so a tailing reader keeps its place.
/// Thread-safe: ingest and readers run outside the emulator's state lock.
/// </summary>
internal sealed class StreamMedia
{
    private readonly Lock _gate = new();
    private readonly List<StoredFragment> _fragments = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _trimmed;
    private bool _ingesting;
    private int _readers;
    private bool _deleted;

    /// <summary>True once the stream has been deleted; ingest fails with STREAM_NOT_ACTIVE and readers stop.</summary>
    public bool IsDeleted
    {
        get
        {
            lock (_gate)
            {
                return _deleted;
            }
        }
    }

    /// <summary>The index of the oldest fragment still kept.</summary>
    public long FirstIndex
    {
        get
        {
            lock (_gate)
            {
                return _trimmed;
            }
        }
    }

    /// <summary>One past the index of the newest fragment: where the next one will be stored.</summary>
    public long EndIndex
    {
        get
        {
            lock (_gate)
            {
                return _trimmed + _fragments.Count;
            }
        }
    }

    /// <summary>
    /// Completes when a fragment is stored or the stream is deleted. Take it before checking for new
    /// fragments, then await it, so nothing stored in between is missed.
    /// </summary>
    public Task WhenChanged
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>The fragment at <paramref name="index"/>, or null when it is trimmed or not stored yet.</summary>
    public StoredFragment? At(long index)
    {
        lock (_gate)
        {
            var offset = index - _trimmed;
            return offset >= 0 && offset < _fragments.Count ? _fragments[(int)offset] : null;
        }
    }

    /// <summary>The kept fragments, oldest first, with their indexes.</summary>
    public IReadOnlyList<(long Index, StoredFragment Fragment)> Snapshot()
    {
        lock (_gate)
        {
            var all = new (long, StoredFragment)[_fragments.Count];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = (_trimmed + i, _fragments[i]);
            }

            return all;
        }
    }

    /// <summary>
    /// The index of the first kept fragment whose number is greater than <paramref name="fragmentNumber"/>
    /// (fragment numbers grow with arrival, so this is a binary search); <see cref="EndIndex"/> when none is.
    /// </summary>
    public long IndexAfter(string fragmentNumber)
    {
        lock (_gate)
        {
            int low = 0, high = _fragments.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (CompareNumbers(_fragments[middle].FragmentNumber, fragmentNumber) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return _trimmed + low;
        }
    }

    /// <summary>The index of the kept fragment numbered <paramref name="fragmentNumber"/>, or null.</summary>
    public long? IndexOf(string fragmentNumber)
    {
        var after = IndexAfter(fragmentNumber);
        return At(after - 1) is { } previous && previous.FragmentNumber == fragmentNumber ? after - 1 : null;
    }

    /// <summary>Stores <paramref name="fragment"/> as the newest and wakes tailing readers.</summary>
    public void Append(StoredFragment fragment)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _fragments.Add(fragment);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.SetResult();
    }

    /// <summary>Drops the fragments whose server timestamp is before <paramref name="cutoff"/> (retention).</summary>
    public void TrimBefore(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            var count = 0;
            while (count < _fragments.Count && _fragments[count].ServerTimestamp < cutoff)
            {
                count++;
            }

            _fragments.RemoveRange(0, count);
            _trimmed += count;
        }
    }

    /// <summary>Marks the stream deleted and wakes every reader.</summary>
    public void MarkDeleted()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _deleted = true;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.SetResult();
    }

    /// <summary>Claims the stream's one PutMedia connection; null when another holds it (ConnectionLimitExceededException).</summary>
    public IDisposable? TryBeginIngest()
    {
        lock (_gate)
        {
            if (_ingesting)
            {
                return null;
            }

            _ingesting = true;
            return new Lease(() =>
            {
                lock (_gate)
                {
                    _ingesting = false;
                }
            });
        }
    }

    /// <summary>Claims one of the stream's <paramref name="limit"/> reader connections; null when all are taken.</summary>
    public IDisposable? TryBeginRead(int limit)
    {
        lock (_gate)
        {
            if (_readers >= limit)
            {
                return null;
            }

            _readers++;
            return new Lease(() =>
            {
                lock (_gate)
                {
                    _readers--;
                }
            });
        }
    }

    /// <summary>Orders fragment numbers as numbers: a shorter digit string is smaller.</summary>
    public static int CompareNumbers(string left, string right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
