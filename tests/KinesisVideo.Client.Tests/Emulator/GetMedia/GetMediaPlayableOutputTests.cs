using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>GetMedia output of real H.264 frames, checked by ffprobe (ignored when ffmpeg is not installed).</summary>
public class GetMediaPlayableOutputTests : GetMediaTest
{
    [Test]
    public async Task Ffprobe_reads_every_document_with_the_stored_frames()
    {
        ExternalTool.Require("ffprobe");
        await CreateStreamAsync(StreamName);
        var seeded = SampleFragments.From(Kvs, "h264.mkv", Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.That(seeded, Has.Count.GreaterThan(1), "the sample has several key frames");
        seeded.ForEach(Store.Append);

        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        var fragments = await body.WaitForFragmentsAsync(seeded.Count);
        var bytes = body.Received;

        for (var i = 0; i < seeded.Count; i++)
        {
            var path = Path.Combine(Path.GetTempPath(), $"kvs-getmedia-{Guid.NewGuid():N}.mkv");
            try
            {
                await File.WriteAllBytesAsync(path, bytes.AsMemory((int)fragments[i].Offset, (int)fragments[i].Length));
                var packets = MkvOracle.FfprobePackets(path);

                var expected = seeded[i].Frames.Select(f => (seeded[i].ClusterTimecode + f.RelativeTimecode, f.IsKeyFrame, f.Data.Length));
                Assert.That(packets.Select(p => (p.TimestampMs, p.IsKey, p.Size)), Is.EqualTo(expected), $"document {i}");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
