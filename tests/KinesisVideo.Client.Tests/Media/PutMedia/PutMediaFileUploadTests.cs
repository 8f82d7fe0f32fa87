using System.Buffers;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Interop;
using KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Real files encoded by ffmpeg, uploaded through a pipe that cannot seek, and read back.</summary>
public class PutMediaFileUploadTests : InteropTest
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("putmedia-file-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // x264's defaults (B-frames, open timestamps) with AAC, and a baseline stream, as cameras send.
    [TestCase("-c:v libx264 -pix_fmt yuv420p -g 25 -c:a aac")]
    [TestCase("-c:v libx264 -profile:v baseline -pix_fmt yuv420p -g 20 -c:a aac -b:a 64k")]
    public async Task A_real_H264_and_AAC_file_piped_through_a_non_seekable_stream_arrives_whole(string codecs)
    {
        ExternalTool.Require("ffmpeg");
        var source = Path.Combine(_directory, "source.mkv");
        ExternalTool.RunChecked("ffmpeg", [.. $"-v error -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 6 {codecs} -f matroska -y {source}".Split(' ')]);
        var expected = Counts(MkvOracle.FfprobePackets(source));
        await CreateStreamAsync("cam");
        var progress = new List<PutMediaProgress>();

        await using var input = await MediaFrameSource.OpenAsync(new NonSeekableStream(await File.ReadAllBytesAsync(source)));
        var summary = await Media.PutMediaAsync(
            new PutMediaSessionOptions { StreamName = "cam", TimestampOrigin = AnHourAgo, Progress = new SynchronousProgress(progress) },
            input).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That((summary.FramesSkipped, summary.FragmentsDropped, summary.UndeliveredTimecodes.Count), Is.EqualTo((0L, 0L, 0)));
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(summary.FragmentsWritten).And.EqualTo(expected.VideoKeys));
        Assert.That(progress[^1].FragmentsPersisted, Is.EqualTo(summary.FragmentsPersisted), "the last progress report is the final state");

        // Every GetMedia document, as ffprobe reads it, together holds every frame of the source.
        var documents = await GetMediaDocumentsAsync("cam");
        var got = documents.Select(Counts).Aggregate((a, b) => (a.Video + b.Video, a.VideoKeys + b.VideoKeys, a.Audio + b.Audio));
        Assert.That(got, Is.EqualTo(expected));
        Assert.That(documents, Has.Count.EqualTo(expected.VideoKeys));
    }

    private static (int Video, int VideoKeys, int Audio) Counts(List<OraclePacket> packets) =>
        (packets.Count(p => p.StreamIndex == 0), packets.Count(p => p.StreamIndex == 0 && p.IsKey), packets.Count(p => p.StreamIndex == 1));

    private async Task<List<List<OraclePacket>>> GetMediaDocumentsAsync(string stream)
    {
        await using var response = await Media.GetMediaAsync(new GetMediaRequest
        {
            StreamName = stream,
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST },
        });
        var body = new MemoryStream();
        await response.Payload.CopyToAsync(body).WaitAsync(TimeSpan.FromSeconds(30));
        var bytes = body.ToArray();
        var documents = new List<List<OraclePacket>>();
        foreach (var fragment in KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(bytes)))
        {
            var path = Path.Combine(_directory, $"{documents.Count}.mkv");
            await File.WriteAllBytesAsync(path, bytes.AsMemory((int)fragment.Offset, (int)fragment.Length).ToArray());
            documents.Add(MkvOracle.FfprobePackets(path));
        }

        return documents;
    }

    private sealed class SynchronousProgress(List<PutMediaProgress> reports) : IProgress<PutMediaProgress>
    {
        public void Report(PutMediaProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
