using System.Net.Security;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>How an <see cref="Http1DuplexConnection"/> connects and how long it waits.</summary>
internal sealed class Http1ConnectionSettings
{
    /// <summary>The longest the TCP connect and the TLS handshake may take together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest the response may go without a byte arriving, once its head has been asked for.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock the timeouts run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Replaces the platform's certificate validation (tests with a private CA). Null, the default,
    /// validates the chain and the host name as HttpClient does.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>Opens the byte stream to a host and port (tests substitute one); null connects a TCP socket.</summary>
    public Func<string, int, CancellationToken, ValueTask<Stream>>? Connector { get; init; }
}
