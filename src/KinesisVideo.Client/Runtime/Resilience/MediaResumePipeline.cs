using Polly;
using Polly.Retry;

namespace KinesisVideo.Client.Runtime.Resilience;

/// <summary>
/// The Polly pipeline a streamed media read runs each reconnection through: one execution opens a
/// connection and reads until the connection delivers its first item or ends; an execution that
/// fails without delivering anything is retried with exponential backoff and jitter, on the
/// options' clock, up to <see cref="KinesisVideoGetMediaOptions.MaxConsecutiveFailures"/> times.
/// A connection that delivered something starts a fresh execution, so the first reconnection after
/// progress is immediate and the failure count starts again.
/// </summary>
internal static class MediaResumePipeline
{
    /// <param name="options">The delays and the failure budget.</param>
    /// <param name="time">The clock the delays run on.</param>
    /// <param name="isResumable">Which failures to retry (<see cref="ResumableFailure.IsResumable"/>, widened by the caller for failures of its own layers).</param>
    /// <param name="onRetry">Told before each delay: the failure, the attempt number and the delay.</param>
    public static ResiliencePipeline Create(
        KinesisVideoGetMediaOptions options,
        TimeProvider time,
        Func<Exception, CancellationToken, bool> isResumable,
        Action<Exception, int, TimeSpan> onRetry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = "KinesisVideo.MediaResume" };
        if (options.MaxConsecutiveFailures > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxConsecutiveFailures,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ResumeBaseDelay,
                MaxDelay = options.ResumeMaxDelay,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } failure && isResumable(failure, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>Runs one reconnection (<paramref name="attempt"/>, retried as the pipeline says) with a pooled context.</summary>
    public static async ValueTask<TResult> ExecuteAsync<TResult, TState>(
        this ResiliencePipeline pipeline,
        string operation,
        Func<TState, CancellationToken, ValueTask<TResult>> attempt,
        TState state,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(static (context, call) => call.Attempt(call.State, context.CancellationToken), context, (Attempt: attempt, State: state)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
