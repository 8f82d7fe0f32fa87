using KinesisVideo.Client.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KinesisVideo.Client.Runtime.Resilience;

/// <summary>
/// The Polly pipeline around every unary call: an optional whole-call timeout, then retries with
/// exponential backoff and jitter, then the per-attempt timeout. Each attempt runs the whole
/// send path again (endpoint, fresh signature, request), so no signature is ever reused.
/// Streaming calls do not go through it: they resume instead.
/// </summary>
internal static class UnaryResiliencePipeline
{
    public static ResiliencePipeline Create(KinesisVideoClientOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider, Name = "KinesisVideo.Unary" };

        if (options.CallTimeout is { } callTimeout && callTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(callTimeout);
        }

        if (options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => new ValueTask<bool>(TransientFailure.ShouldRetry(args.Outcome.Exception, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Log.Retrying(logger, args.Context.OperationKey ?? "call", args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception!);
                    if (args.Context.Properties.TryGetValue(KinesisVideoTelemetry.CallActivity, out var activity))
                    {
                        // AttemptNumber is that of the failed attempt, from 0; retries count from 1, as in the log.
                        KinesisVideoTelemetry.RetryScheduled(activity, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    }

                    return default;
                },
            });
        }

        if (options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        }

        return builder.Build();
    }
}
