namespace KinesisVideo.Client.Runtime;

/// <summary>
/// Retries of unary calls: exponential backoff with jitter, capped. Throttling
/// (<c>ClientLimitExceededException</c>, <c>ThrottlingException</c>, HTTP 429), server errors (5xx),
/// attempt timeouts and transient network failures are retried; other client errors never are.
/// Streaming calls (PutMedia, GetMedia) resume instead of retrying.
/// </summary>
public sealed class KinesisVideoRetryOptions
{
    /// <summary>How many times a failed call is sent again; 0 turns retries off. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The median delay before the first retry; later delays grow exponentially. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts. Default 20 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentException("Retry.MaxRetries must be between 0 and 100.", "Retry." + nameof(MaxRetries));
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentException("Retry delays must satisfy 0 <= BaseDelay <= MaxDelay.", "Retry." + nameof(BaseDelay));
        }
    }
}
