namespace KinesisVideo.Client.Runtime;

/// <summary>
/// How the parsed media reads (GetMedia, GetMediaForFragmentList, archive downloads) wait, hold
/// fragments and resume: defaults for every read of the clients built from these options.
/// </summary>
public sealed class KinesisVideoGetMediaOptions
{
    /// <summary>The service's limit on a fragment (50 MB) plus room for the header and tags it replays around it.</summary>
    public const long DefaultMaxFragmentSize = (50L * 1024 * 1024) + (1024 * 1024);

    /// <summary>
    /// The longest a read of a response body may wait for its next bytes before the connection is
    /// given up as stalled and the read resumes on a new one. The service ends a caught-up GetMedia
    /// response after 3 s and fragments last at most 10 s, so a healthy connection never waits this
    /// long. Default 20 seconds; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The most bytes of one fragment held in memory (its frames are slices of the response's
    /// buffers until the reader moves on). Counted on the bytes received, never on a size the
    /// response declares. Default 51 MB.
    /// </summary>
    public long MaxFragmentSize { get; set; } = DefaultMaxFragmentSize;

    /// <summary>
    /// The median delay before a second attempt to resume, after a connection that failed before
    /// delivering a fragment; later delays grow exponentially, with jitter. The first reconnection
    /// after a connection that delivered fragments is immediate. Default 200 ms.
    /// </summary>
    public TimeSpan ResumeBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts to resume. Default 10 seconds.</summary>
    public TimeSpan ResumeMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many attempts in a row may fail without delivering a fragment (throttling, the
    /// connection limit, dropped or stalled connections, server errors) before the read gives up
    /// with the last failure. Default 10; 0 gives up at the first.
    /// </summary>
    public int MaxConsecutiveFailures { get; set; } = 10;

    internal KinesisVideoGetMediaOptions Clone() => (KinesisVideoGetMediaOptions)MemberwiseClone();

    internal void Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("GetMedia.IdleTimeout must be positive or Timeout.InfiniteTimeSpan.", "GetMedia." + nameof(IdleTimeout));
        }

        if (MaxFragmentSize is < 1024 or > int.MaxValue)
        {
            throw new ArgumentException("GetMedia.MaxFragmentSize must be between 1 KB and 2 GB.", "GetMedia." + nameof(MaxFragmentSize));
        }

        if (ResumeBaseDelay < TimeSpan.Zero || ResumeMaxDelay < ResumeBaseDelay || ResumeMaxDelay > TimeSpan.FromDays(1))
        {
            throw new ArgumentException("GetMedia resume delays must satisfy 0 <= ResumeBaseDelay <= ResumeMaxDelay <= 1 day.", "GetMedia." + nameof(ResumeBaseDelay));
        }

        if (MaxConsecutiveFailures < 0)
        {
            throw new ArgumentException("GetMedia.MaxConsecutiveFailures must not be negative.", "GetMedia." + nameof(MaxConsecutiveFailures));
        }
    }
}
