using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KinesisVideo.Client.Tests.Runtime.Http;

/// <summary>
/// A server the test scripts byte by byte: it listens on 127.0.0.1, hands the test the accepted
/// connection's stream, and reads and writes exactly what the test says, so a client can be shown
/// malformed, early-closed or stalled responses no real server would send.
/// </summary>
internal sealed class LoopbackPeer : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _accepted;

    public LoopbackPeer() => _listener.Start();

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Stream Stream { get; private set; } = Stream.Null;

    /// <summary>Waits for the client's connection.</summary>
    public async Task AcceptAsync()
    {
        _accepted = await _listener.AcceptSocketAsync().WaitAsync(s_wait);
        Stream = new NetworkStream(_accepted, ownsSocket: false);
    }

    /// <summary>Reads until the received text ends with <paramref name="terminator"/>; returns all of it.</summary>
    public async Task<string> ReadUntilAsync(string terminator)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            if (await Stream.ReadAsync(one).AsTask().WaitAsync(s_wait) == 0)
            {
                throw new EndOfStreamException($"The client closed the connection; read so far: {text}");
            }

            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    public async Task WriteAsync(string text) => await Stream.WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask().WaitAsync(s_wait);

    /// <summary>Closes the server's side of the connection (a FIN, not a reset).</summary>
    public void Close()
    {
        _accepted?.Shutdown(SocketShutdown.Both);
        _accepted?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _accepted?.Dispose();
        _listener.Stop();
        _listener.Dispose();
    }
}
