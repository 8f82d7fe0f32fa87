using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime.Signing;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// The baseline of the upload benchmarks: pre-written MKV bytes sent to PutMedia over a plain
/// socket as 64 KB chunks, then the response read to its end: no MKV writing, no buffer, no
/// acknowledgement parsing; only what any producer must do (sign, frame chunks, wait for the end).
/// </summary>
internal static class PlainSocketUpload
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<long> SendAsync(Uri dataEndpoint, RequestSigner signer, string streamName, byte[] mkv)
    {
        var uri = new Uri(dataEndpoint, "/putMedia");
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = [] };
        request.Headers["x-amzn-stream-name"] = streamName;
        request.Headers["x-amzn-fragment-timecode-type"] = "ABSOLUTE";
        request.Headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
        var head = new StringBuilder($"POST /putMedia HTTP/1.1\r\nHost: {uri.Authority}\r\n");
        foreach (var (name, value) in request.Headers.Concat(await signer.SignAsync(request, CancellationToken.None)).DistinctBy(h => h.Key.ToUpperInvariant()))
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        // Kestrel keeps a connection open after its response; asked to close, the end of the response is the end of the stream.
        head.Append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(uri.Host, uri.Port);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        var framing = new byte[32];
        for (var offset = 0; offset < mkv.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, mkv.Length - offset);
            var n = Encoding.ASCII.GetBytes($"{length:x}\r\n", framing);
            await stream.WriteAsync(framing.AsMemory(0, n));
            await stream.WriteAsync(mkv.AsMemory(offset, length));
            await stream.WriteAsync("\r\n"u8.ToArray());
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());

        // The service sends its last acknowledgements and closes the response.
        var received = 0L;
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        return received;
    }
}
