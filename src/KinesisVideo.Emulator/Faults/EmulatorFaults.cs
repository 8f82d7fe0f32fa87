using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Faults;

/// <summary>
/// Failures a test can ask for, by operation name (<c>"DescribeStream"</c>, or <c>"*"</c> for every
/// operation): throttling, server errors, latency; for the whole emulator: a moved data endpoint
/// and expired credentials; and for media connections, <see cref="PutMedia"/> and <see cref="GetMedia"/>. Faults apply to requests that passed authentication, as on AWS.
/// Thread-safe; also settable over the standalone server's admin endpoint (POST /_emulator/faults).
/// </summary>
public sealed class EmulatorFaults
{
    /// <summary>The operation name that stands for every operation.</summary>
    public const string AnyOperation = "*";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, OperationFaults> _byOperation = new(StringComparer.Ordinal);
    private readonly EmulatorState _state;
    private readonly Func<CancellationToken, Task<Uri>> _moveDataEndpoint;

    internal EmulatorFaults(EmulatorState state, Func<CancellationToken, Task<Uri>> moveDataEndpoint)
    {
        _state = state;
        _moveDataEndpoint = moveDataEndpoint;
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="operation"/> fail with ClientLimitExceededException (HTTP 400), as the service throttles.</summary>
    /// <param name="operation">The operation name, or <see cref="AnyOperation"/>.</param>
    /// <param name="count">How many calls to throttle.</param>
    public void ThrottleNext(string operation, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Update(operation, f => f.Throttle += count);
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="operation"/> fail with a server error.</summary>
    /// <param name="operation">The operation name, or <see cref="AnyOperation"/>.</param>
    /// <param name="count">How many calls fail.</param>
    /// <param name="statusCode">500 (InternalFailure) or 503 (ServiceUnavailableException); any 5xx is accepted.</param>
    public void FailNext(string operation, int count, int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        Update(operation, f =>
        {
            f.Fail += count;
            f.FailStatus = statusCode;
        });
    }

    /// <summary>Delays every call of <paramref name="operation"/> by <paramref name="latency"/> on the emulator's clock; zero removes it.</summary>
    /// <param name="operation">The operation name, or <see cref="AnyOperation"/>.</param>
    /// <param name="latency">The delay before the operation answers.</param>
    public void AddLatency(string operation, TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        Update(operation, f => f.Latency = latency);
    }

    /// <summary>
    /// Moves the data endpoint: a new data-plane origin starts, GetDataEndpoint returns it from now on,
    /// and the old one stops listening (connections to it are refused), as when AWS moves a stream.
    /// </summary>
    /// <param name="cancellationToken">Cancels starting the new endpoint.</param>
    /// <returns>The new data endpoint.</returns>
    public Task<Uri> ChangeDataEndpointAsync(CancellationToken cancellationToken = default) => _moveDataEndpoint(cancellationToken);

    /// <summary>Faults of PutMedia connections: dropped connections, delayed or lost acknowledgements, ERROR acks.</summary>
    public PutMediaFaults PutMedia { get; } = new();

    /// <summary>Faults of GetMedia and GetMediaForFragmentList responses: dropped connections, slow answers.</summary>
    public GetMediaFaults GetMedia { get; } = new();

    /// <summary>Requests signed with <paramref name="accessKeyId"/> (every key when null) get ExpiredTokenException from now on.</summary>
    /// <param name="accessKeyId">The access key to expire, or null for all.</param>
    public void ExpireCredentials(string? accessKeyId = null) => _state.Credentials.Expire(accessKeyId);

    /// <summary>Removes every fault: counts, latencies and expired credentials (a moved data endpoint stays moved).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _byOperation.Clear();
        }

        PutMedia.Reset();
        GetMedia.Reset();

        _state.Credentials.Restore();
    }

    /// <summary>Applies the faults set for <paramref name="operation"/> to one call: waits the latency, then throws the next queued failure.</summary>
    internal async Task ApplyAsync(string operation, CancellationToken cancellationToken)
    {
        var latency = TimeSpan.Zero;
        ServiceErrorException? failure = null;
        lock (_gate)
        {
            foreach (var key in new[] { operation, AnyOperation })
            {
                if (!_byOperation.TryGetValue(key, out var faults))
                {
                    continue;
                }

                latency = faults.Latency > latency ? faults.Latency : latency;
                if (failure is null && faults.Throttle > 0)
                {
                    faults.Throttle--;
                    failure = new ServiceErrorException(ErrorCodes.ClientLimitExceeded, "Kinesis Video Streams has throttled the request because you have exceeded the limit of allowed client calls. Try making the call later.");
                }
                else if (failure is null && faults.Fail > 0)
                {
                    faults.Fail--;
                    failure = faults.FailStatus == 503
                        ? new ServiceErrorException(ErrorCodes.ServiceUnavailable, "Service unavailable (injected by the emulator).", 503)
                        : new ServiceErrorException(ErrorCodes.InternalFailure, "Internal failure (injected by the emulator).", faults.FailStatus);
                }
            }
        }

        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _state.Time, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            throw failure;
        }
    }

    private void Update(string operation, Action<OperationFaults> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        lock (_gate)
        {
            if (!_byOperation.TryGetValue(operation, out var faults))
            {
                _byOperation[operation] = faults = new OperationFaults();
            }

            change(faults);
        }
    }

    private sealed class OperationFaults
    {
        public int Throttle { get; set; }

        public int Fail { get; set; }

        public int FailStatus { get; set; } = 500;

        public TimeSpan Latency { get; set; }
    }
}
