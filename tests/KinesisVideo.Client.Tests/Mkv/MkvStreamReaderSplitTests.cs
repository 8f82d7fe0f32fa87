using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// Kestrel-style split tests: however the input is cut into buffers, the reader reports the same
/// events as when it has the whole input at once.
/// </summary>
public class MkvStreamReaderSplitTests
{
    private static IEnumerable<TestCaseData> Inputs()
    {
        yield return new TestCaseData("writer: tags, two tracks, fragments, end marker", (Func<byte[]>)SmallStreams.TwoFragmentsWithTags);
        yield return new TestCaseData("writer: two concatenated documents", (Func<byte[]>)SmallStreams.TwoDocuments);
        yield return new TestCaseData("ffmpeg: h264.mkv", (Func<byte[]>)(() => TestInputs.ReadSample("h264.mkv")));
        yield return new TestCaseData("ffmpeg: h264_aac.mkv", (Func<byte[]>)(() => TestInputs.ReadSample("h264_aac.mkv")));
        yield return new TestCaseData("mkvmerge: blockgroups.mkv", (Func<byte[]>)(() => TestInputs.ReadSample("blockgroups.mkv")));
        yield return new TestCaseData("GetMedia: test_tags_empty_cluster.mkv", (Func<byte[]>)(() => File.ReadAllBytes(SharedReference.Require("kvs-oracle/getmedia-fixtures/test_tags_empty_cluster.mkv"))));
        yield return new TestCaseData("GetMedia: empty-mkv-with-tags.mkv", (Func<byte[]>)(() => File.ReadAllBytes(SharedReference.Require("kvs-oracle/getmedia-fixtures/empty-mkv-with-tags.mkv"))));
        yield return new TestCaseData("GetMedia: test_mixed_tags.mkv", (Func<byte[]>)(() => File.ReadAllBytes(SharedReference.Require("kvs-oracle/getmedia-fixtures/test_mixed_tags.mkv"))));
    }

    [TestCaseSource(nameof(Inputs))]
    public void Every_two_segment_split_gives_the_same_events_as_the_whole(string name, Func<byte[]> input)
    {
        var data = input();
        var whole = EventDigest.ReadSequence(new ReadOnlySequence<byte>(data));
        Assert.That(whole.Count(e => e.StartsWith("frame", StringComparison.Ordinal) || e.StartsWith("tag", StringComparison.Ordinal)), Is.Positive, name);

        for (var at = 1; at < data.Length; at++)
        {
            var split = EventDigest.ReadSequence(TestInputs.Split(data, at));
            if (!split.SequenceEqual(whole))
            {
                Assert.That(split, Is.EqualTo(whole), $"{name}: split at {at}");
            }
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public async Task A_pipe_revealing_one_byte_at_a_time_gives_the_same_events_as_the_whole(string name, Func<byte[]> input)
    {
        var data = input();
        var whole = EventDigest.ReadSequence(new ReadOnlySequence<byte>(data));

        Assert.That(await EventDigest.ReadPipeAsync(data, step: 1), Is.EqualTo(whole), name);
        Assert.That(await EventDigest.ReadPipeAsync(data, step: 7), Is.EqualTo(whole), name);
        Assert.That(EventDigest.ReadSequence(TestInputs.Chunked(data, 1)), Is.EqualTo(whole), name);
    }

    [Test]
    public void Every_split_gives_the_same_fragments_as_the_whole()
    {
        var data = SmallStreams.TwoDocuments();
        var whole = Describe(KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(data)));
        Assert.That(whole, Has.Count.EqualTo(2));

        for (var at = 1; at < data.Length; at++)
        {
            var reader = new KvsFragmentReader();
            var fragments = new List<KvsMediaFragment>();
            var first = new ReadOnlySequence<byte>(data, 0, at);
            while (true)
            {
                var found = reader.TryReadFragment(first, isFinalBlock: false, out var fragment, out var consumed, out _);
                first = first.Slice(consumed);
                if (!found)
                {
                    break;
                }

                fragments.Add(fragment!);
            }

            // Feed the rest starting from what was consumed, as a pipe would keep it.
            var rest = new ReadOnlySequence<byte>(data, at - (int)first.Length, data.Length - at + (int)first.Length);
            fragments.AddRange(ReadRest(reader, rest));
            Assert.That(Describe(fragments), Is.EqualTo(whole), $"split at {at}");
        }
    }

    [Test]
    public void Each_GetMedia_document_becomes_one_fragment_with_its_frames_and_tags()
    {
        var fragments = KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(SmallStreams.TwoDocuments()));

        Assert.That(fragments, Has.Count.EqualTo(2));
        var second = fragments[1];
        Assert.That(second.Offset, Is.EqualTo(fragments[0].Length));
        Assert.That(second.Frames, Has.Count.EqualTo(24));
        Assert.That(second.Frames.Count(f => f.IsKeyFrame && f.TrackNumber == 1), Is.EqualTo(3));
        Assert.That(second.ClusterTimecode, Is.EqualTo(5000));
        Assert.That(second.Frames[^1].Timestamp, Is.EqualTo(TimeSpan.FromMilliseconds(5001 + (11 * 40))));
        Assert.That(second.OtherTags.Single(), Is.EqualTo(new MkvTag("room", "lab")));
        Assert.That(second.KinesisVideoTags.Keys, Is.EqualTo(new[] { KvsFragmentTagNames.EndOfFragment }));
        Assert.That(second.Tracks.Select(t => t.CodecId), Is.EqualTo(new[] { "V_MPEG4/ISO/AVC", "A_AAC" }));
        // The track entries repeat byte for byte, so the reader hands back the same objects.
        Assert.That(second.Tracks[0], Is.SameAs(fragments[0].Tracks[0]));
        Assert.That(second.Frames[2].Data.ToArray(), Is.EqualTo(Enumerable.Range(0, 6).Select(b => (byte)(b * 7 + 1)).ToArray()));
    }

    private static List<KvsMediaFragment> ReadRest(KvsFragmentReader reader, ReadOnlySequence<byte> rest)
    {
        var fragments = new List<KvsMediaFragment>();
        while (reader.TryReadFragment(rest, isFinalBlock: true, out var fragment, out var consumed, out _))
        {
            fragments.Add(fragment!);
            rest = rest.Slice(consumed);
        }

        return fragments;
    }

    private static List<string> Describe(IEnumerable<KvsMediaFragment> fragments) =>
        fragments.Select(f => $"{f.Offset}+{f.Length} {string.Join(",", f.Frames.Select(x => $"{x.TrackNumber}/{x.Timecode}/{x.IsKeyFrame}/{Convert.ToHexString(x.Data.Span)}"))} {string.Join(",", f.KinesisVideoTags.Keys)} {string.Join(",", f.OtherTags)} {f.Tracks.Count}").ToList();
}
