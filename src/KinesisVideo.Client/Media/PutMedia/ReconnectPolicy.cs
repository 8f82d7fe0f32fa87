using KinesisVideo.Client.Runtime;
using Polly;
using Polly.Retry;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// What a session does when a connection cannot be opened or ends: opening is retried through a
/// Polly pipeline (exponential backoff with jitter, on the session's clock) for the failures
/// <see cref="PutMediaConnection.IsRetriable"/> allows; a connection that ends after carrying
/// something is replaced at once; one that ends having achieved nothing (no fragment newly
/// RECEIVED) waits the same backoff first, so a service that accepts connections and then drops
/// them is not hammered.
/// </summary>
internal sealed class ReconnectPolicy
{
    private readonly KinesisVideoPutMediaOptions _settings;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _connect;
    private int _unproductive;

    public ReconnectPolicy(KinesisVideoPutMediaOptions settings, TimeProvider time, Action<int, TimeSpan, Exception> onRetry)
    {
        _settings = settings;
        _time = time;
        _connect = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && PutMediaConnection.IsRetriable(e)),
                MaxRetryAttempts = settings.MaxConsecutiveConnectFailures is { } max ? max - 1 : int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.ReconnectBaseDelay,
                MaxDelay = settings.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Opens a connection, retrying as the policy allows; throws the last failure when it gives up.</summary>
    public ValueTask<T> ConnectAsync<T>(Func<CancellationToken, ValueTask<T>> open, CancellationToken cancellationToken) =>
        _connect.ExecuteAsync(static (open, token) => open(token), open, cancellationToken);

    /// <summary>How long to wait before replacing a connection that ended for <paramref name="reason"/>.</summary>
    public TimeSpan DelayAfter(PutMediaDisconnectReason reason, bool madeProgress)
    {
        if (madeProgress || reason is PutMediaDisconnectReason.Rotated or PutMediaDisconnectReason.Idle)
        {
            _unproductive = 0;
            return TimeSpan.Zero;
        }

        // The first unproductive end is replaced at once; later ones in a row back off.
        var attempt = _unproductive++;
        if (attempt == 0)
        {
            return TimeSpan.Zero;
        }

        var exponential = _settings.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() / 2));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _settings.ReconnectMaxDelay.TotalMilliseconds));
    }

    /// <summary>Waits <paramref name="delay"/> on the session's clock.</summary>
    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
}
