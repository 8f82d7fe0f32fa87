using System.Buffers;
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.PutMedia;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Interop;

/// <summary>
/// The whole media path through the emulator: real H.264 and AAC frames written by the SDK's MKV
/// writer, sent over a raw chunked PutMedia connection, read back with the typed GetMedia client and
/// the SDK's fragment reader, and every returned document checked by ffprobe.
/// </summary>
public class PutMediaToGetMediaTests : InteropTest
{
    [Test]
    public async Task Frames_sent_with_PutMedia_come_back_from_GetMedia_byte_for_byte_and_ffprobe_reads_every_document()
    {
        ExternalTool.Require("ffprobe");
        await CreateStreamAsync("cam");
        var (tracks, frames) = SampleFrames.Read("h264_aac.mkv");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var sent = await PutAsync("cam", tracks, frames, start);

        await using var response = await Media.GetMediaAsync(new GetMediaRequest
        {
            StreamName = "cam",
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST },
        });
        var body = new MemoryStream();
        await response.Payload.CopyToAsync(body).WaitAsync(TimeSpan.FromSeconds(20));
        var fragments = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(body.ToArray()));

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(sent.Select(a => a.FragmentNumber)));
        var received = fragments.SelectMany(f => f.Frames).Select(f => (f.TrackNumber, f.Timecode, f.IsKeyFrame, Hex: Convert.ToHexString(f.Data.Span))).ToList();
        var expected = frames.Select(f => (f.Track, start + f.Timecode, f.IsKey, Hex: Convert.ToHexString(f.Payload))).ToList();
        Assert.That(received, Is.EqualTo(expected));
        Assert.That(fragments.Select(f => f.ProducerTimestamp), Is.EqualTo(fragments.Select(f => (DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds(f.ClusterTimecode!.Value))));

        var directory = Directory.CreateTempSubdirectory("getmedia-").FullName;
        try
        {
            foreach (var fragment in fragments)
            {
                var path = Path.Combine(directory, fragment.FragmentNumber + ".mkv");
                await File.WriteAllBytesAsync(path, body.ToArray().AsMemory((int)fragment.Offset, (int)fragment.Length).ToArray());
                Assert.That(MkvOracle.FfprobePackets(path), Has.Count.EqualTo(fragment.Frames.Count), path);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Sends <paramref name="frames"/> (ABSOLUTE timecodes from <paramref name="start"/>) one fragment per chunk, and returns the PERSISTED acks.</summary>
    private async Task<List<Ack>> PutAsync(string stream, MkvTrackEntry[] tracks, List<InputFrame> frames, long start)
    {
        var endpoint = (await ControlPlane.GetDataEndpointAsync(new GetDataEndpointRequest { StreamName = stream, APIName = APIName.PUT_MEDIA })).DataEndpoint!;
        var pair = Kvs.Credentials[0];
        await using var connection = await RawPutMediaConnection.OpenAsync(
            new Uri(endpoint),
            Kvs.Region,
            new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey),
            TimeProvider.System,
            [new("x-amzn-stream-name", stream), new("x-amzn-fragment-timecode-type", "ABSOLUTE"), new("x-amzn-producer-start-timestamp", (start / 1000m).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.That(connection.Status, Is.EqualTo(200));

        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = tracks });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        foreach (var frame in frames)
        {
            if (writer.StartsFragment(frame.Track, start + frame.Timecode, frame.IsKey) && output.WrittenCount > 0)
            {
                await connection.WriteChunkAsync(output.WrittenMemory.ToArray());
                output.Clear();
            }

            writer.WriteFrame(output, frame.Track, start + frame.Timecode, frame.IsKey, frame.Payload);
        }

        writer.WriteEndOfFragment(output);
        await connection.WriteChunkAsync(output.WrittenMemory.ToArray());
        await connection.EndBodyAsync();
        var acks = await connection.ReadToEndAsync();
        Assert.That(acks.Where(a => a.EventType == "ERROR"), Is.Empty);
        return [.. acks.Where(a => a.EventType == "PERSISTED")];
    }
}
