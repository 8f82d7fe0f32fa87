namespace KinesisVideo.Client.Runtime;

/// <summary>
/// How the client's PutMedia sessions talk to the service: the timeouts of their connections,
/// when a connection counts as stale, when it is rotated, and how reconnects back off. What a
/// session sends and how it buffers is set per session (<c>PutMediaSessionOptions</c>).
/// </summary>
public sealed class KinesisVideoPutMediaOptions
{
    /// <summary>The longest the TCP connect and TLS handshake of a connection may take. Default 5 seconds (the AWS C producer's).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest to wait for the service's status line once the request head is sent. Default 10 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection from which nothing at all arrives for this long is treated as dead. The service
    /// acknowledges every fragment and sends IDLE every few seconds otherwise. Default 30 seconds.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A connection whose oldest sent fragment has had no BUFFERING acknowledgement for this long is
    /// stale and replaced. Default 5 seconds (the AWS producers' connection staleness duration).
    /// </summary>
    public TimeSpan StalenessTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The age at which a connection is replaced by a new one, at the next fragment boundary, before
    /// the service ends it (about 45 minutes, ERROR 4003). Default 38 minutes; the AWS producers
    /// rotate between 37 and 40.
    /// </summary>
    public TimeSpan ConnectionRotationInterval { get; set; } = TimeSpan.FromMinutes(38);

    /// <summary>The median delay before a second reconnect in a row; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two reconnect attempts. Default 10 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many connection attempts in a row may fail (none of them reaching a 200) before the session
    /// gives up and fails; null (the default) never gives up while the session is open, as the AWS
    /// producers do: the buffer and its policy decide what happens to frames meanwhile.
    /// </summary>
    public int? MaxConsecutiveConnectFailures { get; set; }

    internal KinesisVideoPutMediaOptions Clone() => (KinesisVideoPutMediaOptions)MemberwiseClone();

    internal void Validate()
    {
        foreach (var (value, name) in new[]
        {
            (ConnectTimeout, nameof(ConnectTimeout)),
            (ResponseTimeout, nameof(ResponseTimeout)),
            (IdleTimeout, nameof(IdleTimeout)),
            (StalenessTimeout, nameof(StalenessTimeout)),
            (ConnectionRotationInterval, nameof(ConnectionRotationInterval)),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"PutMedia.{name} must be positive.", "PutMedia." + name);
            }
        }

        if (ReconnectBaseDelay < TimeSpan.Zero || ReconnectMaxDelay < ReconnectBaseDelay)
        {
            throw new ArgumentException("PutMedia reconnect delays must satisfy 0 <= ReconnectBaseDelay <= ReconnectMaxDelay.", "PutMedia." + nameof(ReconnectBaseDelay));
        }

        if (MaxConsecutiveConnectFailures is < 1)
        {
            throw new ArgumentException("PutMedia.MaxConsecutiveConnectFailures must be at least 1, or null.", "PutMedia." + nameof(MaxConsecutiveConnectFailures));
        }
    }
}
