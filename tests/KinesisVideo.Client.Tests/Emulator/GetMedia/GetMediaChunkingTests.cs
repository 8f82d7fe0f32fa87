using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>
/// How GetMedia's chunked body is framed on the wire. A reader's HTTP stack pays per chunk (and
/// HttpClient reads straight into the caller's buffer only from chunks larger than its 4 KB
/// connection buffer), so a large document goes out in chunks of up to 255 KB, not in Kestrel's 4 KB blocks.
/// </summary>
public class GetMediaChunkingTests : GetMediaTest
{
    [Test]
    public async Task A_large_document_goes_out_in_large_chunks_not_4_KB_blocks()
    {
        await CreateStreamAsync(StreamName);
        var now = Time.GetUtcNow();
        var fragments = new[]
        {
            MediaSeeding.Fragment(Kvs, MediaSeeding.Header(), now - TimeSpan.FromSeconds(20), now - TimeSpan.FromSeconds(20), frameCount: 800, seed: 1),
            MediaSeeding.Fragment(Kvs, MediaSeeding.Header(), now - TimeSpan.FromSeconds(10), now - TimeSpan.FromSeconds(10), frameCount: 800, seed: 2),
        };
        foreach (var fragment in fragments)
        {
            Store.Append(fragment);
        }

        var wire = new MemoryStream();
        var pair = Kvs.Credentials[0];
        using var caller = new MediaCaller(Kvs.DataEndpoint, Kvs.Region, new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey), Time, Recording(wire));
        await using (var body = await MediaBody.StartAsync(await caller.PostAsync("/getMedia", $$$"""{"StreamName":"{{{StreamName}}}","StartSelector":{"StartSelectorType":"EARLIEST"}}""")))
        {
            await body.WaitForFragmentsAsync(2);
        }

        var chunks = ChunkSizes(wire.ToArray());
        var documents = fragments.Sum(f => f.Frames.Sum(frame => frame.Data.Length));
        Assert.That(documents, Is.GreaterThan(200_000), "two documents of about 200 KB each");
        Assert.That(chunks.Sum(), Is.GreaterThanOrEqualTo(documents), "every byte of both documents was framed");
        Assert.That(chunks.Max(), Is.GreaterThan(150 * 1024), $"chunks of {string.Join(", ", chunks)} bytes");
        Assert.That(chunks, Has.Count.LessThanOrEqualTo(documents / (32 * 1024)), $"chunks of {string.Join(", ", chunks)} bytes: more than 32 KB on average, not 4 KB");
    }

    // A handler whose connections copy every byte they receive into wire.
    private static SocketsHttpHandler Recording(MemoryStream wire) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new RecordingStream(new NetworkStream(socket, ownsSocket: true), wire);
        },
    };

    // The sizes of the chunks of the (first) response in wire, as many as arrived whole.
    private static List<int> ChunkSizes(byte[] wire)
    {
        var text = Encoding.Latin1.GetString(wire);
        var position = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.That(text[..position], Does.Contain("Transfer-Encoding: chunked").IgnoreCase);
        var sizes = new List<int>();
        while (text.IndexOf("\r\n", position, StringComparison.Ordinal) is var lineEnd and > 0)
        {
            var size = int.Parse(text.AsSpan(position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0 || lineEnd + 2 + size + 2 > text.Length)
            {
                break;
            }

            sizes.Add(size);
            position = lineEnd + 2 + size + 2;
        }

        return sizes;
    }

    private sealed class RecordingStream(Stream inner, MemoryStream wire) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            lock (wire)
            {
                wire.Write(buffer.Span[..read]);
            }

            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
