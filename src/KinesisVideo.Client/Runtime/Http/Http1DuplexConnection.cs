using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>
/// One HTTP/1.1 request whose body and response travel at the same time: the request head, then a
/// chunked body written piece by piece for as long as the caller likes, while the response's status,
/// headers and body are read as they arrive. PutMedia needs this; HttpClient cannot do it on
/// HTTP/1.1 (it hands back the response only after the whole request body is sent:
/// dotnet/runtime#51432), hence this small client over a Socket (and SslStream for https).
/// </summary>
/// <remarks>
/// One writer and one reader may use it at the same time (the upload loop and the acknowledgement
/// reader). The response body is de-chunked into <see cref="ResponseBody"/>; a response ended early,
/// malformed framing or a read stall past <see cref="Http1ConnectionSettings.IdleTimeout"/> completes
/// that reader with the error. Not reused for a second request.
/// </remarks>
internal sealed class Http1DuplexConnection : IAsyncDisposable
{
    // Small chunks are framed in one buffer and written with one call (one TLS record, one send).
    private const int CoalesceLimit = 16 * 1024;
    private const int ChunkHeaderLength = 16 + 2;

    private static readonly ReadOnlyMemory<byte> s_crlf = "\r\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> s_lastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly Stream _transport;
    private readonly Http1ConnectionSettings _settings;
    private readonly PipeReader _input;
    private readonly Pipe _body = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly CancellationTokenSource _closed = new();

    // Only one writer at a time, so one header buffer serves every large chunk.
    private readonly byte[] _chunkHeader = new byte[ChunkHeaderLength];
    private Task? _bodyPump;
    private long _bytesSent;
    private long _bytesReceived;

    private Http1DuplexConnection(Stream transport, string authority, Http1ConnectionSettings settings)
    {
        _transport = transport;
        Authority = authority;
        _settings = settings;
        _input = PipeReader.Create(transport, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>host[:port] as the Host header names it.</summary>
    public string Authority { get; }

    /// <summary>Bytes written so far, framing included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes read so far, framing included.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>The de-chunked response body, readable once <see cref="ReadResponseHeadAsync"/> has returned.</summary>
    public PipeReader ResponseBody => _body.Reader;

    /// <summary>Opens a connection to the endpoint's host and port: TCP, then TLS for https (SNI, full validation).</summary>
    /// <exception cref="HttpRequestException">The connection or the handshake failed (<see cref="HttpRequestError.ConnectionError"/>, <see cref="HttpRequestError.NameResolutionError"/>, <see cref="HttpRequestError.SecureConnectionError"/>).</exception>
    /// <exception cref="TimeoutException">It took longer than the connect timeout.</exception>
    public static async Task<Http1DuplexConnection> ConnectAsync(Uri endpoint, Http1ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var host = endpoint.IdnHost;
        var port = endpoint.Port;
        using var timeout = new CancellationTokenSource(settings.ConnectTimeout, settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Stream? transport = null;
        try
        {
            transport = settings.Connector is { } connector
                ? await connector(host, port, linked.Token).ConfigureAwait(false)
                : await ConnectSocketAsync(host, port, linked.Token).ConfigureAwait(false);
            if (endpoint.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(transport, leaveInnerStreamOpen: false);
                transport = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = host,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                        RemoteCertificateValidationCallback = settings.RemoteCertificateValidation,
                    },
                    linked.Token).ConfigureAwait(false);
            }

            var authority = endpoint.IsDefaultPort ? host : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
            return new Http1DuplexConnection(transport, authority, settings);
        }
        catch (Exception failure)
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {host}:{port} took longer than {settings.ConnectTimeout}.", failure);
            }

            throw failure switch
            {
                OperationCanceledException => failure,
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } socket =>
                    new HttpRequestException(HttpRequestError.NameResolutionError, $"The name {host} could not be resolved: {socket.Message}", socket),
                SocketException socket =>
                    new HttpRequestException(HttpRequestError.ConnectionError, $"Could not connect to {host}:{port}: {socket.Message}", socket),
                AuthenticationException tls =>
                    new HttpRequestException(HttpRequestError.SecureConnectionError, $"The TLS handshake with {host} failed: {tls.Message}", tls),
                IOException io =>
                    new HttpRequestException(HttpRequestError.ConnectionError, $"The connection to {host}:{port} failed: {io.Message}", io),
                _ => failure,
            };
        }
    }

    /// <summary>Sends the request line and headers of a request with a chunked body. <c>Host</c> is added.</summary>
    public async ValueTask SendRequestHeadAsync(string method, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(512)
            .Append(method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(Authority).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.AsSpan().ContainsAny('\r', '\n', ':') || value.AsSpan().ContainsAny('\r', '\n'))
            {
                throw new ArgumentException($"The header {name} has a name or value that cannot be sent.", nameof(headers));
            }

            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Transfer-Encoding: chunked\r\n\r\n");
        await WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="data"/> as one chunk of the request body (nothing for empty data).</summary>
    public async ValueTask WriteChunkAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var length = data.Length;
        if (length <= CoalesceLimit)
        {
            var framed = ArrayPool<byte>.Shared.Rent((int)length + ChunkHeaderLength + 2);
            try
            {
                var n = WriteChunkHeader(framed, length);
                data.CopyTo(framed.AsSpan(n));
                n += (int)length;
                framed[n++] = (byte)'\r';
                framed[n++] = (byte)'\n';
                await WriteAsync(framed.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(framed);
            }

            return;
        }

        await WriteAsync(_chunkHeader.AsMemory(0, WriteChunkHeader(_chunkHeader, length)), cancellationToken).ConfigureAwait(false);
        foreach (var segment in data)
        {
            await WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(s_crlf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the request body (the zero-length chunk). The response can still be read.</summary>
    public ValueTask CompleteBodyAsync(CancellationToken cancellationToken) => WriteAsync(s_lastChunk, cancellationToken);

    /// <summary>
    /// Reads the response's status line and headers (skipping interim 1xx responses), then starts
    /// de-chunking its body into <see cref="ResponseBody"/>. Works while the request body is still open.
    /// </summary>
    /// <param name="timeout">The longest to wait for the head.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <exception cref="HttpRequestException">The head is malformed, or the server closed the connection first.</exception>
    /// <exception cref="TimeoutException">No head within <paramref name="timeout"/>.</exception>
    public async Task<Http1ResponseHead> ReadResponseHeadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, _closed.Token);
        var parser = new Http1ResponseHeadParser();
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                Http1ResponseHead? head;
                try
                {
                    if (parser.TryParse(buffer, out head, out consumed, out examined) && (int)head!.StatusCode is >= 100 and < 200)
                    {
                        // 100 Continue and friends precede the real response.
                        parser.Reset();
                        head = null;
                    }
                }
                finally
                {
                    Interlocked.Add(ref _bytesReceived, buffer.Slice(0, consumed).Length);
                    _input.AdvanceTo(consumed, examined);
                }

                if (head is not null)
                {
                    _bodyPump = PumpBodyAsync(head);
                    return head;
                }

                if (result.IsCompleted)
                {
                    throw Http1Errors.EndedEarly("before it sent a response");
                }
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server sent no response within {timeout}.", e);
        }
        catch (IOException e)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"The connection failed before the response arrived: {e.Message}", e);
        }
    }

    /// <summary>Closes the connection at once; pending reads and writes fail.</summary>
    public void Abort()
    {
        _closed.Cancel();
        _transport.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        if (_bodyPump is not null)
        {
            await _bodyPump.ConfigureAwait(false);
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    private static async ValueTask<Stream> ConnectSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        // Dual-mode: a DnsEndPoint is tried address by address, IPv6 and IPv4 alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new System.Net.DnsEndPoint(host, port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static int WriteChunkHeader(Span<byte> destination, long length)
    {
        length.TryFormat(destination, out var n, "x", CultureInfo.InvariantCulture);
        destination[n++] = (byte)'\r';
        destination[n++] = (byte)'\n';
        return n;
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"The connection to {Authority} failed while sending: {e.Message}", e);
        }

        Interlocked.Add(ref _bytesSent, bytes.Length);
    }

    // De-chunks the response body into _body, enforcing the idle timeout, until the body ends.
    private async Task PumpBodyAsync(Http1ResponseHead head)
    {
        var framing = head.GetBodyFraming(out var remaining);
        var decoder = framing == Http1BodyFraming.Chunked ? new ChunkedBodyDecoder() : null;
        var output = _body.Writer;
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _closed.Token);
        Exception? error = null;
        try
        {
            while (framing != Http1BodyFraming.None && !(framing == Http1BodyFraming.ContentLength && remaining == 0))
            {
                idle.CancelAfter(_settings.IdleTimeout);
                var result = await _input.ReadAsync(linked.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                var done = false;
                try
                {
                    if (decoder is not null)
                    {
                        var rest = buffer;
                        while (decoder.TryRead(rest, out var data, out consumed, out examined))
                        {
                            Copy(data, output);
                            if (decoder.IsComplete)
                            {
                                done = true;
                                break;
                            }

                            rest = buffer.Slice(consumed);
                        }
                    }
                    else
                    {
                        var take = framing == Http1BodyFraming.ContentLength ? buffer.Slice(0, Math.Min(remaining, buffer.Length)) : buffer;
                        Copy(take, output);
                        remaining -= take.Length;
                        consumed = examined = take.End;
                    }
                }
                finally
                {
                    Interlocked.Add(ref _bytesReceived, buffer.Slice(0, consumed).Length);
                    _input.AdvanceTo(consumed, examined);
                }

                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (done)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    if (framing != Http1BodyFraming.UntilClose)
                    {
                        error = Http1Errors.EndedEarly("before the response body was complete");
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            error = new TimeoutException($"The server sent nothing for {_settings.IdleTimeout}.");
        }
        catch (OperationCanceledException)
        {
            error = new HttpRequestException(HttpRequestError.ConnectionError, "The connection was closed.");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            error = _closed.IsCancellationRequested
                ? new HttpRequestException(HttpRequestError.ConnectionError, "The connection was closed.", e)
                : new HttpRequestException(HttpRequestError.ConnectionError, $"The connection failed while reading the response: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            error = e;
        }

        await output.CompleteAsync(error).ConfigureAwait(false);
    }

    private static void Copy(in ReadOnlySequence<byte> data, PipeWriter output)
    {
        foreach (var segment in data)
        {
            output.Write(segment.Span);
        }
    }
}
