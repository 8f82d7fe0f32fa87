using System.Buffers;
using System.Buffers.Binary;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed class PutMediaStorageTests : PutMediaTest
{
    [Test]
    public async Task Absolute_fragments_are_stored_with_increasing_numbers_producer_and_server_timestamps()
    {
        await CreateStreamAsync("cam");
        var mkv = new ProducerMkv(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack);
        var header = mkv.Header();
        var first = mkv.Fragment(Epoch2026, metadata: [("where", "door"), ("who", "cat")]);
        var second = mkv.Fragment(Epoch2026 + 2000, frames: 5);
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(header, first));
        await connection.ReadUntilAsync("BUFFERING");
        var firstServerTime = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMilliseconds(2000));
        await connection.WriteChunkAsync(second);
        await connection.ReadUntilAsync("PERSISTED");
        await connection.EndBodyAsync();
        var acks = await connection.ReadToEndAsync();

        var stored = Stored("cam");
        Assert.That(stored, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(f => f.FragmentNumber), Is.All.Match("^[0-9]{47}$"));
            Assert.That(StreamMediaCompare(stored[0].FragmentNumber, stored[1].FragmentNumber), Is.Negative);
            Assert.That(stored[0].ProducerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(Epoch2026)));
            Assert.That(stored[1].ProducerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(Epoch2026 + 2000)));
            Assert.That(stored[0].ServerTimestamp, Is.EqualTo(firstServerTime));
            Assert.That(stored[1].ServerTimestamp, Is.EqualTo(firstServerTime.AddSeconds(2)));
            Assert.That(stored[0].ClusterTimecode, Is.EqualTo(Epoch2026));
            Assert.That(stored[1].Duration, Is.EqualTo(TimeSpan.FromMilliseconds((4 * 40) + 1)));
            Assert.That(stored[0].SizeInBytes, Is.EqualTo(first.Length));
            Assert.That(stored[1].SizeInBytes, Is.EqualTo(second.Length));
            Assert.That(stored[0].Metadata, Is.EqualTo(new KeyValuePair<string, string>[] { new("where", "door"), new("who", "cat") }));
            Assert.That(stored[1].Metadata, Is.Empty);
            Assert.That(stored[1].Frames, Has.Count.EqualTo(10));
            Assert.That(stored.Select(f => f.IsPersisted), Is.All.True);
            Assert.That(stored[0].Header.Bytes.ToArray(), Is.EqualTo(header));
            Assert.That(stored[0].Header, Is.SameAs(stored[1].Header));
            Assert.That(stored[0].Header.Tracks.Select(t => t.CodecId), Is.EqualTo(new[] { MkvTrackEntry.H264CodecId, MkvTrackEntry.AacCodecId }));
            Assert.That(acks.Last().FragmentNumber, Is.EqualTo(stored[1].FragmentNumber));
        });
    }

    [Test]
    public async Task Relative_fragments_count_from_the_start_timestamp_and_keep_real_frames_byte_for_byte()
    {
        await CreateStreamAsync("cam");
        var (tracks, frames) = SampleFrames.Read("h264_aac.mkv");
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = tracks });
        var body = new ArrayBufferWriter<byte>();
        writer.WriteHeader(body);
        foreach (var frame in frames)
        {
            writer.WriteFrame(body, frame.Track, frame.Timecode, frame.IsKey, frame.Payload);
        }

        await using var connection = await OpenAsync("cam", timecodeType: "RELATIVE");
        await connection.WriteChunkAsync(body.WrittenMemory);
        await connection.EndBodyAsync();
        await connection.ReadToEndAsync();

        var stored = Stored("cam");
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_663_277_247_152);
        Assert.That(stored, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(stored[0].ProducerTimestamp, Is.EqualTo(start + TimeSpan.FromMilliseconds(frames[0].Timecode)));
            Assert.That(stored.Select(f => f.ProducerTimestamp - start), Is.EqualTo(stored.Select(f => TimeSpan.FromMilliseconds(f.ClusterTimecode))));
            Assert.That(stored.SelectMany(f => f.Frames.Select(x => x.Data.ToArray())), Is.EqualTo(frames.Select(f => f.Payload)));
            Assert.That(
                stored.SelectMany(f => f.Frames.Select(x => f.ClusterTimecode + x.RelativeTimecode)),
                Is.EqualTo(frames.Select(f => f.Timecode)));
        });
    }

    [Test]
    public async Task Each_connection_keeps_its_own_header_with_an_unknown_size_segment()
    {
        await CreateStreamAsync("cam");
        var video = new ProducerMkv();
        var tenthsOfMs = new ProducerMkv(100_000, MediaSeeding.VideoTrack, MediaSeeding.AudioTrack);
        await SendAsync(video.Header(), video.Fragment(Epoch2026));

        // The second producer declares the Segment's size (8-byte field); the stored header says unknown size.
        var header = tenthsOfMs.Header();
        var fragment = tenthsOfMs.Fragment((Epoch2026 * 10) + 50_000, interval: 400);
        var sizeAt = header.AsSpan().IndexOf(new byte[] { 0x18, 0x53, 0x80, 0x67, 0xFF }) + 4;
        var rest = header[(sizeAt + 1)..];
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)(rest.Length + fragment.Length));
        size[0] = 0x01;
        var declared = ProducerMkv.Concat(header[..sizeAt], size, rest);
        var expected = ProducerMkv.Concat(header[..sizeAt], [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], rest);
        await SendAsync(declared, fragment);

        var stored = Stored("cam");
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(2));
            Assert.That(stored[0].Header.Bytes.ToArray(), Is.EqualTo(video.Header()));
            Assert.That(stored[1].Header.Bytes.ToArray(), Is.EqualTo(expected));
            Assert.That(stored[1].Header.TimecodeScale, Is.EqualTo(100_000));
            Assert.That(stored[1].Header.Tracks, Has.Count.EqualTo(2));
            Assert.That(stored[1].ProducerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(Epoch2026 + 5000)));
        });

        async Task SendAsync(byte[] header, byte[] fragment)
        {
            await using var connection = await OpenAsync("cam");
            await connection.WriteChunkAsync(ProducerMkv.Concat(header, fragment));
            await connection.EndBodyAsync();
            await connection.ReadToEndAsync();
        }
    }

    [Test]
    public async Task A_stream_without_retention_gets_no_persisted_ack_and_fragments_are_not_persisted()
    {
        await CreateStreamAsync("live", retentionHours: 0);
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("live");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026), mkv.Fragment(Epoch2026 + 1000)));
        await connection.EndBodyAsync();
        var acks = await connection.ReadToEndAsync();
        Assert.That(acks.Select(a => a.EventType), Is.EqualTo(new[] { "BUFFERING", "RECEIVED", "BUFFERING", "RECEIVED" }));
        Assert.That(Stored("live").Select(f => f.IsPersisted), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public async Task A_frame_larger_than_kestrels_request_buffer_streams_through()
    {
        await CreateStreamAsync("cam");
        var mkv = new ProducerMkv();
        var payload = new byte[3 * 1024 * 1024];
        new Random(3).NextBytes(payload);
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunksAsync(ProducerMkv.Concat(mkv.Header(), mkv.Frame(1, Epoch2026, isKeyFrame: true, payload)), _ => 64 * 1024);
        await connection.EndBodyAsync();
        Assert.That((await connection.ReadToEndAsync()).Select(a => a.EventType), Is.EqualTo(new[] { "BUFFERING", "RECEIVED", "PERSISTED" }));
        Assert.That(Stored("cam").Single().Frames.Single().Data.ToArray(), Is.EqualTo(payload));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(13)]
    public async Task A_body_sent_in_awkward_chunks_is_stored_as_when_sent_whole(int step)
    {
        await CreateStreamAsync("whole");
        await CreateStreamAsync("split");
        var mkv = new ProducerMkv(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack);
        var body = ProducerMkv.Concat(
            mkv.Header(),
            mkv.Fragment(Epoch2026, metadata: [("k", "v")]),
            mkv.Fragment(Epoch2026 + 1000, endOfFragment: true),
            mkv.Fragment(Epoch2026 + 2000));

        var whole = await SendAsync("whole", c => c.WriteChunkAsync(body));

        // Chunk sizes cycle through 1..step, so boundaries fall inside ids, sizes and payloads.
        var split = await SendAsync("split", c => c.WriteChunksAsync(body, i => 1 + (i % step)));

        Assert.That(split, Is.EqualTo(whole));
        Assert.That(Describe(Stored("split")), Is.EqualTo(Describe(Stored("whole"))));

        async Task<string[]> SendAsync(string stream, Func<RawPutMediaConnection, Task> write)
        {
            await using var connection = await OpenAsync(stream);
            await write(connection);
            await connection.EndBodyAsync();
            return [.. (await connection.ReadToEndAsync()).Select(a => $"{a.EventType} {a.FragmentTimecode}")];
        }
    }

    private static string[] Describe(IReadOnlyList<KinesisVideo.Emulator.Media.Storage.StoredFragment> fragments) =>
        [.. fragments.Select(f => $"{f.ClusterTimecode} {f.SizeInBytes} {f.Duration} {string.Join(',', f.Metadata)} {Convert.ToHexString(f.Header.Bytes.Span)} "
            + string.Join(';', f.Frames.Select(x => $"{x.TrackNumber}/{x.RelativeTimecode}/{x.IsKeyFrame}/{Convert.ToHexString(x.Data.Span)}")))];

    private static int StreamMediaCompare(string left, string right) =>
        KinesisVideo.Emulator.Media.Storage.StreamMedia.CompareNumbers(left, right);
}
