using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KinesisVideo.Client.Runtime.Http;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime.Http;

/// <summary>The HTTP/1.1 duplex client against a peer that says exactly what each test needs.</summary>
public class Http1DuplexConnectionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_request_goes_out_as_head_then_chunks_and_the_response_is_read_while_the_body_is_open()
    {
        await using var peer = new LoopbackPeer();
        var connecting = Http1DuplexConnection.ConnectAsync(peer.Url, new Http1ConnectionSettings(), CancellationToken.None);
        await peer.AcceptAsync();
        await using var connection = await connecting;

        await connection.SendRequestHeadAsync("POST", "/putMedia", [new("x-amzn-stream-name", "cam")], CancellationToken.None);
        Assert.That(await peer.ReadUntilAsync("\r\n\r\n"), Is.EqualTo($"POST /putMedia HTTP/1.1\r\nHost: 127.0.0.1:{peer.Port}\r\nx-amzn-stream-name: cam\r\nTransfer-Encoding: chunked\r\n\r\n"));

        await peer.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        var head = await connection.ReadResponseHeadAsync(s_wait, CancellationToken.None);
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // A body chunk out, an acknowledgement in, another chunk out: both directions at once.
        await connection.WriteChunkAsync(new ReadOnlySequence<byte>("abc"u8.ToArray()), CancellationToken.None);
        Assert.That(await peer.ReadUntilAsync("abc\r\n"), Is.EqualTo("3\r\nabc\r\n"));
        await peer.WriteAsync("7\r\n{\"a\":1}\r\n");
        Assert.That(await ReadBodyAsync(connection.ResponseBody, 7), Is.EqualTo("{\"a\":1}"));
        var large = new byte[100_000];
        Random.Shared.NextBytes(large);
        await connection.WriteChunkAsync(Segmented(large, 4096), CancellationToken.None);
        Assert.That(await peer.ReadUntilAsync("\r\n"), Is.EqualTo("186a0\r\n"));
        var echoed = new byte[large.Length + 2];
        await peer.Stream.ReadExactlyAsync(echoed);
        Assert.That(echoed.AsSpan(0, large.Length).SequenceEqual(large) && echoed[^2] == '\r' && echoed[^1] == '\n', Is.True);

        await connection.CompleteBodyAsync(CancellationToken.None);
        Assert.That(await peer.ReadUntilAsync("0\r\n\r\n"), Is.EqualTo("0\r\n\r\n"));
        await peer.WriteAsync("0\r\n\r\n");
        var end = await connection.ResponseBody.ReadAsync();
        Assert.That(end.IsCompleted, Is.True);
        Assert.That(connection.BytesSent, Is.GreaterThan(100_000));
    }

    [TestCase("Content-Length: 5\r\n\r\nhello", "hello")]
    [TestCase("Connection: close\r\n\r\nhello world", "hello world")]
    public async Task Content_length_and_close_delimited_bodies_are_read_to_their_end(string rest, string body)
    {
        await using var peer = new LoopbackPeer();
        var (connection, _) = await OpenAsync(peer, "HTTP/1.1 400 Bad Request\r\n" + rest);
        await using var _c = connection;
        if (rest.StartsWith("Connection: close", StringComparison.Ordinal))
        {
            peer.Close();
        }

        Assert.That(await ReadToEndAsync(connection.ResponseBody), Is.EqualTo(body));
    }

    [Test]
    public async Task A_server_that_closes_before_the_response_ends_the_request_with_ResponseEnded()
    {
        await using var peer = new LoopbackPeer();
        var connecting = Http1DuplexConnection.ConnectAsync(peer.Url, new Http1ConnectionSettings(), CancellationToken.None);
        await peer.AcceptAsync();
        await using var connection = await connecting;
        await connection.SendRequestHeadAsync("POST", "/putMedia", [], CancellationToken.None);
        await peer.WriteAsync("HTTP/1.1 20");
        peer.Close();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => connection.ReadResponseHeadAsync(s_wait, CancellationToken.None));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.ResponseEnded));
    }

    [Test]
    public async Task A_chunked_body_cut_short_completes_the_body_reader_with_ResponseEnded()
    {
        await using var peer = new LoopbackPeer();
        var (connection, _) = await OpenAsync(peer, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        await using var _c = connection;
        peer.Close();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => ReadToEndAsync(connection.ResponseBody));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.ResponseEnded));
    }

    [Test]
    public async Task Malformed_framing_completes_the_body_reader_with_InvalidResponse()
    {
        await using var peer = new LoopbackPeer();
        var (connection, _) = await OpenAsync(peer, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n");
        await using var _c = connection;

        var error = Assert.ThrowsAsync<HttpRequestException>(() => ReadToEndAsync(connection.ResponseBody));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.InvalidResponse));
    }

    [Test]
    public async Task A_response_that_stalls_past_the_idle_timeout_ends_with_a_TimeoutException_on_the_fake_clock()
    {
        var time = new FakeTimeProvider();
        await using var peer = new LoopbackPeer();
        var settings = new Http1ConnectionSettings { TimeProvider = time, IdleTimeout = TimeSpan.FromSeconds(30) };
        var (connection, _) = await OpenAsync(peer, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", settings);
        await using var _c = connection;
        var reading = ReadToEndAsync(connection.ResponseBody);

        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(30)).WaitAsync(s_wait);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(reading.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.ThrowsAsync<TimeoutException>(() => reading.WaitAsync(s_wait));
        Assert.That(error!.Message, Does.Contain("00:00:30"));
    }

    [Test]
    public async Task A_connect_that_hangs_past_the_connect_timeout_is_a_TimeoutException()
    {
        var time = new FakeTimeProvider();
        var settings = new Http1ConnectionSettings
        {
            TimeProvider = time,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Connector = async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return Stream.Null;
            },
        };
        var connecting = Http1DuplexConnection.ConnectAsync(new Uri("http://s-1234.kinesisvideo.us-west-2.amazonaws.com/"), settings, CancellationToken.None);

        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(5)).WaitAsync(s_wait);
        time.Advance(TimeSpan.FromSeconds(5));

        var error = Assert.ThrowsAsync<TimeoutException>(() => connecting.WaitAsync(s_wait));
        Assert.That(error!.Message, Does.Contain("s-1234.kinesisvideo.us-west-2.amazonaws.com:80"));
    }

    [Test]
    public async Task A_refused_connection_is_a_ConnectionError()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = Assert.ThrowsAsync<HttpRequestException>(() => Http1DuplexConnection.ConnectAsync(new Uri($"http://127.0.0.1:{port}/"), new Http1ConnectionSettings(), CancellationToken.None));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
        Assert.That(error.InnerException, Is.TypeOf<SocketException>());
    }

    [Test]
    public async Task Https_sends_the_host_name_for_SNI_and_refuses_a_certificate_the_platform_does_not_trust()
    {
        using var certificate = SelfSigned("localhost");
        await using var server = new TlsPeer(certificate);

        var error = Assert.ThrowsAsync<HttpRequestException>(() => Http1DuplexConnection.ConnectAsync(server.Url("localhost"), new Http1ConnectionSettings(), CancellationToken.None));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.SecureConnectionError));
        Assert.That(await server.ServerNameAsync(), Is.EqualTo("localhost"));
    }

    [Test]
    public async Task Https_with_a_trusted_certificate_carries_the_request_and_the_response()
    {
        using var certificate = SelfSigned("localhost");
        await using var server = new TlsPeer(certificate);
        var settings = new Http1ConnectionSettings
        {
            // The test's own CA stands in for the platform's trust store; the host name is still checked.
            RemoteCertificateValidation = (_, presented, _, errors) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString() && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0,
        };
        await using var connection = await Http1DuplexConnection.ConnectAsync(server.Url("localhost"), settings, CancellationToken.None);
        await connection.SendRequestHeadAsync("POST", "/putMedia", [], CancellationToken.None);

        var request = await server.ReadUntilAsync("\r\n\r\n");
        await server.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        var head = await connection.ReadResponseHeadAsync(s_wait, CancellationToken.None);

        Assert.That(request, Does.StartWith("POST /putMedia HTTP/1.1\r\nHost: localhost:"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ReadToEndAsync(connection.ResponseBody), Is.EqualTo("ok"));
    }

    [Test]
    public void Header_values_that_would_split_the_request_are_refused() =>
        Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await using var peer = new LoopbackPeer();
            var connecting = Http1DuplexConnection.ConnectAsync(peer.Url, new Http1ConnectionSettings(), CancellationToken.None);
            await peer.AcceptAsync();
            await using var connection = await connecting;
            await connection.SendRequestHeadAsync("POST", "/", [new("x-amzn-stream-name", "cam\r\nEvil: 1")], CancellationToken.None);
        });

    private static async Task<(Http1DuplexConnection Connection, Http1ResponseHead Head)> OpenAsync(LoopbackPeer peer, string response, Http1ConnectionSettings? settings = null)
    {
        var connecting = Http1DuplexConnection.ConnectAsync(peer.Url, settings ?? new Http1ConnectionSettings(), CancellationToken.None);
        await peer.AcceptAsync();
        var connection = await connecting;
        await connection.SendRequestHeadAsync("POST", "/putMedia", [], CancellationToken.None);
        await peer.ReadUntilAsync("\r\n\r\n");
        await peer.WriteAsync(response);
        return (connection, await connection.ReadResponseHeadAsync(s_wait, CancellationToken.None));
    }

    private static async Task<string> ReadBodyAsync(PipeReader body, int length)
    {
        while (true)
        {
            var result = await body.ReadAsync().AsTask().WaitAsync(s_wait);
            if (result.Buffer.Length >= length || result.IsCompleted)
            {
                var text = Encoding.ASCII.GetString(result.Buffer.Slice(0, Math.Min(length, result.Buffer.Length)).ToArray());
                body.AdvanceTo(result.Buffer.GetPosition(Math.Min(length, result.Buffer.Length)));
                return text;
            }

            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<string> ReadToEndAsync(PipeReader body)
    {
        while (true)
        {
            var result = await body.ReadAsync().AsTask().WaitAsync(s_wait);
            if (result.IsCompleted)
            {
                return Encoding.ASCII.GetString(result.Buffer.ToArray());
            }

            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static ReadOnlySequence<byte> Segmented(byte[] data, int size) => Mkv.Support.TestInputs.Chunked(data, size);

    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A TLS server on 127.0.0.1 that records the SNI name the client sent.</summary>
    private sealed class TlsPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource<string?> _serverName = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task<SslStream?> _accepted;

        public TlsPeer(X509Certificate2 certificate)
        {
            _listener.Start();
            _accepted = AcceptAsync(certificate);
        }

        public Uri Url(string host) => new($"https://{host}:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public Task<string?> ServerNameAsync() => _serverName.Task.WaitAsync(s_wait);

        public async Task<string> ReadUntilAsync(string terminator)
        {
            var stream = (await _accepted)!;
            var text = new StringBuilder();
            var one = new byte[1];
            while (!text.ToString().EndsWith(terminator, StringComparison.Ordinal) && await stream.ReadAsync(one).AsTask().WaitAsync(s_wait) == 1)
            {
                text.Append((char)one[0]);
            }

            return text.ToString();
        }

        public async Task WriteAsync(string text) => await (await _accepted)!.WriteAsync(Encoding.ASCII.GetBytes(text));

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Dispose();
            if (await _accepted.WaitAsync(s_wait) is { } stream)
            {
                await stream.DisposeAsync();
            }
        }

        private async Task<SslStream?> AcceptAsync(X509Certificate2 certificate)
        {
            var socket = await _listener.AcceptSocketAsync();
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: true));
            try
            {
                await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateSelectionCallback = (_, name) =>
                    {
                        _serverName.TrySetResult(name);
                        return certificate;
                    },
                });
                return stream;
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                await stream.DisposeAsync();
                return null;
            }
        }
    }
}
