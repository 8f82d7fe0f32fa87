using System.Buffers;
using System.Text.RegularExpressions;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// The fragment reader on real GetMedia recordings (../shared, not copied here), checked per
/// fragment against mkvinfo. mkvinfo reads only the first EBML document of a file, so each
/// document is cut out at its EBML magic bytes (found independently of our reader) and given
/// to mkvinfo on its own.
/// </summary>
public partial class GetMediaFixtureTests
{
    private static readonly string[] s_fixtures =
    [
        "empty-mkv-with-tags.mkv",
        "kinesis_video_renderer_example_output.mkv",
        "output-get-media-equal-timecode.mkv",
        "output-get-media-non-increasing-timecode.mkv",
        "output_get_media.mkv",
        "output_get_media_sparse_fragments.mkv",
        "test_mixed_tags.mkv",
        "test_tags_empty_cluster.mkv",
    ];

    // These two recordings were cut off inside their last SimpleBlock (ffprobe: "File ended
    // prematurely"); mkvinfo silently lists the blocks before the cut.
    private static readonly string[] s_truncated =
    [
        "output-get-media-equal-timecode.mkv",
        "output-get-media-non-increasing-timecode.mkv",
    ];

    [TestCaseSource(nameof(s_fixtures))]
    public async Task Every_fragment_matches_mkvinfo(string fixture)
    {
        var path = SharedReference.Require("kvs-oracle/getmedia-fixtures/" + fixture);
        ExternalTool.Require("mkvinfo");
        var data = await File.ReadAllBytesAsync(path);
        var documents = SplitAtEbmlMagic(data);

        var (fragments, error) = ReadUntilError(data);
        var piped = new List<KvsMediaFragment>();
        MkvFormatException? pipedError = null;
        try
        {
            await foreach (var fragment in KvsFragmentReader.ReadAsync(new FeedingPipeReader(data, 64 * 1024)))
            {
                piped.Add(fragment);
            }
        }
        catch (MkvFormatException e)
        {
            pipedError = e;
        }

        Assert.That(piped.Select(Summary), Is.EqualTo(fragments.Select(Summary)));
        if (s_truncated.Contains(fixture))
        {
            Assert.That(error, Is.Not.Null);
            Assert.That(error!.Message, Does.StartWith("The input ended inside the element"));
            Assert.That(error.ElementName, Is.EqualTo("SimpleBlock"));
            Assert.That(error.Offset, Is.GreaterThan(documents[^1].Start));
            Assert.That(pipedError?.Message, Is.EqualTo(error.Message));
            Assert.That(fragments, Has.Count.EqualTo(documents.Count - 1));
        }
        else
        {
            Assert.That(error, Is.Null);
            Assert.That(pipedError, Is.Null);
            Assert.That(fragments, Has.Count.EqualTo(documents.Count));
        }

        var temp = Path.Combine(Path.GetTempPath(), $"kvs-fixture-{Guid.NewGuid():N}.mkv");
        try
        {
            for (var i = 0; i < fragments.Count; i++)
            {
                await File.WriteAllBytesAsync(temp, data.AsSpan(documents[i].Start, documents[i].Length).ToArray());
                var fragment = fragments[i];
                Assert.That(fragment.Offset, Is.EqualTo(documents[i].Start));
                Assert.That(fragment.Length, Is.EqualTo(documents[i].Length));

                var blocks = MkvOracle.MkvinfoBlocks(temp);
                Assert.That(
                    fragment.Frames.Select(f => new OraclePacket((int)f.TrackNumber, (long)f.Timestamp.TotalMilliseconds, f.IsKeyFrame, f.Data.Length)),
                    Is.EqualTo(blocks),
                    $"frames of fragment {i}");

                var tags = MkvinfoTags(MkvOracle.MkvinfoText(temp)).Order(StringComparer.Ordinal);
                var ours = fragment.KinesisVideoTags.Select(t => $"{t.Key}={t.Value}")
                    .Concat(fragment.OtherTags.Select(t => $"{t.Name}={t.Value}"))
                    .Order(StringComparer.Ordinal);
                Assert.That(ours, Is.EqualTo(tags), $"tags of fragment {i}");
                if (fragment.KinesisVideoTags.TryGetValue(KvsFragmentTagNames.FragmentNumber, out var number))
                {
                    Assert.That(fragment.FragmentNumber, Is.EqualTo(number).And.Match("^[0-9]+$"));
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Test]
    public void Decodes_the_service_tags_of_a_recorded_fragment()
    {
        // Values read with mkvinfo from the first document of output_get_media.mkv.
        var path = SharedReference.Require("kvs-oracle/getmedia-fixtures/output_get_media.mkv");
        var first = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(File.ReadAllBytes(path)))[0];

        Assert.That(first.FragmentNumber, Is.EqualTo("91343852333181432392682062607743920146159169392"));
        Assert.That(first.ServerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1511852109126)));
        Assert.That(first.ProducerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1511852108513)));
        Assert.That(first.MillisBehindNow, Is.EqualTo(15858));
        Assert.That(first.ContinuationToken, Is.EqualTo("91343852333181432392682062607743920146159169392"));
        Assert.That(first.IsComplete, Is.True);
        Assert.That(first.IsError, Is.False);
        Assert.That(first.Frames, Has.Count.EqualTo(60));
        Assert.That(first.Frames[0].IsKeyFrame, Is.True);
        Assert.That(first.Tracks.Single().CodecId, Is.EqualTo("V_MPEG4/ISO/AVC"));
        Assert.That(first.Tracks.Single().PixelWidth, Is.EqualTo(640));
    }

    private static (List<KvsMediaFragment> Fragments, MkvFormatException? Error) ReadUntilError(byte[] data)
    {
        var reader = new KvsFragmentReader();
        var input = new ReadOnlySequence<byte>(data);
        var fragments = new List<KvsMediaFragment>();
        try
        {
            while (reader.TryReadFragment(input, isFinalBlock: true, out var fragment, out var consumed, out _))
            {
                fragments.Add(fragment!);
                input = input.Slice(consumed);
            }
        }
        catch (MkvFormatException e)
        {
            return (fragments, e);
        }

        return (fragments, null);
    }

    private static string Summary(KvsMediaFragment f) =>
        $"{f.Offset}+{f.Length} {f.FragmentNumber} {f.Frames.Count} {string.Join(",", f.Frames.Select(x => x.Timecode))} {f.KinesisVideoTags.Count}/{f.OtherTags.Count} {f.Tracks.Count}";

    private static List<(int Start, int Length)> SplitAtEbmlMagic(byte[] data)
    {
        ReadOnlySpan<byte> magic = [0x1A, 0x45, 0xDF, 0xA3];
        var starts = new List<int>();
        for (var i = data.AsSpan().IndexOf(magic); i >= 0;)
        {
            starts.Add(i);
            var next = data.AsSpan(i + 4).IndexOf(magic);
            i = next < 0 ? -1 : i + 4 + next;
        }

        return starts.Select((s, k) => (s, (k + 1 < starts.Count ? starts[k + 1] : data.Length) - s)).ToList();
    }

    // mkvinfo prints a SimpleTag as "+ Name: x", optional language lines, then "+ String: y".
    private static List<string> MkvinfoTags(string text)
    {
        var tags = new List<string>();
        string? name = null;
        foreach (var line in text.Split('\n'))
        {
            var nameMatch = NameLine().Match(line);
            if (nameMatch.Success)
            {
                name = nameMatch.Groups[1].Value;
                continue;
            }

            var value = StringLine().Match(line);
            if (value.Success && name is not null)
            {
                tags.Add($"{name}={value.Groups[1].Value}");
                name = null;
            }
        }

        return tags;
    }

    [GeneratedRegex(@"^\|? *\+ Name: (.*)$")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^\|? *\+ String: (.*)$")]
    private static partial Regex StringLine();
}
