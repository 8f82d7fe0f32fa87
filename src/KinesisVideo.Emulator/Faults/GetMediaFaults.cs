namespace KinesisVideo.Emulator.Faults;

/// <summary>
/// Faults of GetMedia and GetMediaForFragmentList responses, for testing a reader's resume logic:
/// connections dropped after a number of bytes or at random (reproducibly, from a seed), and slow
/// answers. A dropped connection is aborted mid-body, as when the network fails: the reader gets a
/// truncated document and no end of the chunked body. Thread-safe; <see cref="EmulatorFaults.Reset"/> clears them.
/// </summary>
public sealed class GetMediaFaults
{
    /// <summary>The real time a dropped connection gets to send what was written before it is cut, by default.</summary>
    public static readonly TimeSpan DefaultDropDrainTime = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Queue<long> _dropAfterBytes = new();
    private Random? _random;
    private double _dropProbability;
    private TimeSpan _fragmentDelay;
    private TimeSpan _dropDrainTime = DefaultDropDrainTime;

    /// <summary>
    /// The real time (not the emulator's clock: this is I/O) a dropped connection is given to send
    /// what was written before it is aborted, so that the cut falls exactly at its byte budget.
    /// Default 100 ms. A test that drops many connections and does not need the exact cut can
    /// shorten it; the connection is then cut somewhere before its budget. <see cref="EmulatorFaults.Reset"/> restores the default.
    /// </summary>
    public TimeSpan DropDrainTime
    {
        get
        {
            lock (_gate)
            {
                return _dropDrainTime;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _dropDrainTime = value;
            }
        }
    }

    /// <summary>
    /// The next <paramref name="responses"/> responses (GetMedia or GetMediaForFragmentList) are
    /// dropped once <paramref name="bytes"/> bytes of their body have been sent.
    /// </summary>
    /// <param name="bytes">How many body bytes get through; 0 drops the connection right after the status line.</param>
    /// <param name="responses">How many responses, in the order they start, to drop.</param>
    public void DropAfterBytes(long bytes, int responses = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfNegative(responses);
        lock (_gate)
        {
            for (var i = 0; i < responses; i++)
            {
                _dropAfterBytes.Enqueue(bytes);
            }
        }
    }

    /// <summary>
    /// Drops connections at random: before each document (fragment) a response sends, with
    /// <paramref name="probability"/> the connection is dropped part-way through that document.
    /// The draws come from one generator seeded with <paramref name="seed"/>, so the same requests
    /// in the same order see the same drops. A probability of 0 turns it off.
    /// </summary>
    /// <param name="probability">The chance, per document, of a drop (0 to 1).</param>
    /// <param name="seed">The seed of the draws.</param>
    public void DropAtRandom(double probability, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        lock (_gate)
        {
            _dropProbability = probability;
            _random = probability > 0 ? new Random(seed) : null;
        }
    }

    /// <summary>
    /// Answers slowly: each document waits <paramref name="delay"/> on the emulator's clock before it
    /// is sent (a slow or congested service). Zero removes the delay.
    /// </summary>
    /// <param name="delay">The wait before every document.</param>
    public void DelayEachFragment(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _fragmentDelay = delay;
        }
    }

    /// <summary>The wait before each document.</summary>
    internal TimeSpan FragmentDelay
    {
        get
        {
            lock (_gate)
            {
                return _fragmentDelay;
            }
        }
    }

    /// <summary>Removes every GetMedia fault.</summary>
    internal void Reset()
    {
        lock (_gate)
        {
            _dropAfterBytes.Clear();
            _random = null;
            _dropProbability = 0;
            _fragmentDelay = TimeSpan.Zero;
            _dropDrainTime = DefaultDropDrainTime;
        }
    }

    /// <summary>The body bytes a response that starts now may send before it is dropped; null when it is not to be dropped.</summary>
    internal long? TakeResponseByteBudget()
    {
        lock (_gate)
        {
            return _dropAfterBytes.TryDequeue(out var bytes) ? bytes : null;
        }
    }

    /// <summary>
    /// Draws whether the next document is dropped; when it is, how many of its bytes (at most
    /// <paramref name="documentLength"/> - 1) get through first.
    /// </summary>
    internal long? DrawDocumentByteBudget(long documentLength)
    {
        lock (_gate)
        {
            if (_random is null || _random.NextDouble() >= _dropProbability)
            {
                return null;
            }

            return _random.NextInt64(Math.Max(1, documentLength));
        }
    }
}
