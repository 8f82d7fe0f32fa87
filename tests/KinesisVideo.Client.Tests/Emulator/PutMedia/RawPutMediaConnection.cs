using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

/// <summary>How a raw PutMedia request declares its payload hash.</summary>
public enum PayloadHash
{
    /// <summary><c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c>, as the Java producer sends it.</summary>
    UnsignedPayload,

    /// <summary>No header; the signature covers the empty body's hash, as the C producer signs it.</summary>
    EmptyBody,
}

/// <summary>
/// A PutMedia request written by hand over a Socket to 127.0.0.1: request line and headers signed
/// with the client library's <see cref="RequestSigner"/>, the MKV body as HTTP chunks, and the
/// response read as it comes (status, headers, then the de-chunked NDJSON acknowledgements), so a
/// test sees acks that arrive while its body is still open. HttpClient cannot: on HTTP/1.1 it
/// returns the response only after the request body is complete.
/// </summary>
internal sealed class RawPutMediaConnection : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _chunkRemaining;
    private bool _responseEnded;

    private RawPutMediaConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public int Status { get; private set; }

    public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The error code of a refused request (x-amzn-ErrorType up to ':').</summary>
    public string? ErrorCode => ResponseHeaders.TryGetValue("x-amzn-ErrorType", out var type) ? type.Split(':')[0] : null;

    /// <summary>
    /// Connects, sends the signed request head with <paramref name="headers"/> (the x-amzn-* ones,
    /// all signed) and reads the response head.
    /// </summary>
    public static async Task<RawPutMediaConnection> OpenAsync(
        Uri endpoint,
        string region,
        AWSCredentials credentials,
        TimeProvider time,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        PayloadHash payloadHash = PayloadHash.UnsignedPayload,
        Func<string, string>? tamper = null)
    {
        var uri = new Uri(endpoint, "putMedia");
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = [] };
        foreach (var (name, value) in headers)
        {
            signing.Headers[name] = value;
        }

        if (payloadHash == PayloadHash.UnsignedPayload)
        {
            signing.Headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
        }

        var signed = await new RequestSigner(credentials, region, time).SignAsync(signing, CancellationToken.None);
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"POST {uri.AbsolutePath} HTTP/1.1\r\nHost: {uri.Authority}\r\n");
        foreach (var (name, value) in signing.Headers.Concat(signed).DistinctBy(h => h.Key.ToLowerInvariant()))
        {
            if (payloadHash == PayloadHash.EmptyBody && name.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase)
                && value != Convert.ToHexStringLower(SHA256.HashData([])))
            {
                throw new InvalidOperationException("The signer did not sign the empty body's hash.");
            }

            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append("Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, uri.Port)).WaitAsync(s_wait);
        var connection = new RawPutMediaConnection(socket);
        var text = tamper is null ? head.ToString() : tamper(head.ToString());
        await connection._stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask().WaitAsync(s_wait);
        await connection.ReadResponseHeadAsync();
        return connection;
    }

    /// <summary>Sends <paramref name="data"/> as one HTTP chunk.</summary>
    public async Task WriteChunkAsync(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var framed = new byte[data.Length + 32];
        var prefix = Encoding.ASCII.GetBytes($"{data.Length:x}\r\n");
        prefix.CopyTo(framed, 0);
        data.CopyTo(framed.AsMemory(prefix.Length));
        "\r\n"u8.CopyTo(framed.AsSpan(prefix.Length + data.Length));
        await _stream.WriteAsync(framed.AsMemory(0, prefix.Length + data.Length + 2)).AsTask().WaitAsync(s_wait);
    }

    /// <summary>Sends <paramref name="data"/> as chunks of the sizes <paramref name="sizes"/> gives, in turn.</summary>
    public async Task WriteChunksAsync(ReadOnlyMemory<byte> data, Func<int, int> sizes)
    {
        for (var (offset, i) = (0, 0); offset < data.Length; i++)
        {
            var size = Math.Min(sizes(i), data.Length - offset);
            await WriteChunkAsync(data.Slice(offset, size));
            offset += size;
        }
    }

    /// <summary>Ends the request body (the zero-length chunk).</summary>
    public Task EndBodyAsync() => _stream.WriteAsync("0\r\n\r\n"u8.ToArray()).AsTask().WaitAsync(s_wait);

    /// <summary>The next acknowledgement, or null when the response has ended.</summary>
    public async Task<Ack?> ReadAckAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            var b = await ReadBodyByteAsync();
            if (b < 0)
            {
                Assert.That(line, Is.Empty, "The response ended inside an acknowledgement.");
                return null;
            }

            if (b == '\n')
            {
                return Ack.Parse(line.ToArray());
            }

            line.Add((byte)b);
        }
    }

    /// <summary>Reads acknowledgements until one of <paramref name="eventType"/>; fails if the response ends first.</summary>
    public async Task<Ack> ReadUntilAsync(string eventType, List<Ack>? seen = null)
    {
        while (true)
        {
            var ack = await ReadAckAsync() ?? throw new AssertionException($"The response ended before a {eventType} acknowledgement.");
            seen?.Add(ack);
            if (ack.EventType == eventType)
            {
                return ack;
            }
        }
    }

    /// <summary>Reads the rest of the response's acknowledgements, to its end.</summary>
    public async Task<List<Ack>> ReadToEndAsync()
    {
        var acks = new List<Ack>();
        while (await ReadAckAsync() is { } ack)
        {
            acks.Add(ack);
        }

        return acks;
    }

    /// <summary>The JSON error body of a refused request (Content-Length framed).</summary>
    public async Task<JsonElement> ReadErrorBodyAsync()
    {
        var length = int.Parse(ResponseHeaders["Content-Length"], CultureInfo.InvariantCulture);
        var body = new byte[length];
        for (var i = 0; i < length; i++)
        {
            body[i] = (byte)await ReadByteAsync();
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>True when the server closes (or resets) the connection after the response, within 10 s.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            // Anything still buffered came after the response's end: a well-behaved server sends nothing there.
            _start = _end;
            var read = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(s_wait);
            return read == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadResponseHeadAsync()
    {
        var statusLine = await ReadLineAsync();
        Status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        while (await ReadLineAsync() is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            ResponseHeaders[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    // One byte of the de-chunked response body; -1 at its end (the zero-length chunk).
    private async Task<int> ReadBodyByteAsync()
    {
        if (_responseEnded)
        {
            return -1;
        }

        if (_chunkRemaining == 0)
        {
            var size = Convert.ToInt64((await ReadLineAsync()).Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync();
                _responseEnded = true;
                return -1;
            }

            _chunkRemaining = size;
        }

        var b = await ReadByteAsync();
        if (--_chunkRemaining == 0)
        {
            Assert.That(await ReadLineAsync(), Is.Empty, "A chunk's data must be followed by CRLF.");
        }

        return b;
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = await ReadByteAsync();
            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<int> ReadByteAsync()
    {
        if (_start == _end)
        {
            _start = 0;
            _end = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(s_wait);
            if (_end == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
        }

        return _buffer[_start++];
    }
}

/// <summary>One acknowledgement as the wire carried it.</summary>
internal sealed record Ack(string EventType, long? FragmentTimecode, string? FragmentNumber, int? ErrorId, string? ErrorCode, string Json)
{
    public static Ack Parse(byte[] line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new Ack(
            root.GetProperty(nameof(EventType)).GetString()!,
            root.TryGetProperty(nameof(FragmentTimecode), out var timecode) ? timecode.GetInt64() : null,
            root.TryGetProperty(nameof(FragmentNumber), out var number) ? number.GetString() : null,
            root.TryGetProperty(nameof(ErrorId), out var id) ? id.GetInt32() : null,
            root.TryGetProperty(nameof(ErrorCode), out var code) ? code.GetString() : null,
            Encoding.UTF8.GetString(line));
    }
}
