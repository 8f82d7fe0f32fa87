using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>The documents GetMedia sends: what the client's reader gets back, and their layout next to AWS's recordings.</summary>
public class GetMediaDocumentTests : GetMediaTest
{
    private static readonly KeyValuePair<string, string>[] s_metadata = [new("camera", "front door"), new("motion", "yes")];

    [Test]
    public async Task Every_fragment_comes_back_byte_for_byte_with_its_tags()
    {
        var seeded = (await CreateSeededStreamAsync(2)).Append(Append(metadata: s_metadata)).ToList();
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");

        var fragments = await body.WaitForFragmentsAsync(3);

        Assert.That(fragments, Has.Count.EqualTo(3));
        for (var i = 0; i < seeded.Count; i++)
        {
            AssertSame(fragments[i], seeded[i]);
        }
    }

    [Test]
    public async Task Each_document_replays_the_producer_header_then_the_service_tags_cluster_metadata_and_trailing_tags()
    {
        await CreateStreamAsync(StreamName);
        var fragment = Append(metadata: s_metadata);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        await body.WaitForFragmentsAsync(1);
        var bytes = body.Received;

        Assert.That(bytes.AsSpan(0, fragment.Header.Bytes.Length).SequenceEqual(fragment.Header.Bytes.Span), "the producer's header bytes unchanged");
        var layout = ServicePart(EbmlLayout.Documents(bytes)[0]);
        Assert.That(layout, Is.EqualTo(new[]
        {
            "Tags/4[Tag/4[SimpleTag/4[TagName/4=AWS_KINESISVIDEO_FRAGMENT_NUMBER,TagString/4],SimpleTag/4[TagName/4=AWS_KINESISVIDEO_SERVER_TIMESTAMP,TagString/4],SimpleTag/4[TagName/4=AWS_KINESISVIDEO_PRODUCER_TIMESTAMP,TagString/4]]]",
            "Cluster/8",
            "Tags/8[Tag/8[SimpleTag/8[TagName/8=camera,TagString/8]]]",
            "Tags/8[Tag/8[SimpleTag/8[TagName/8=motion,TagString/8]]]",
            "Tags/4[Tag/4[SimpleTag/4[TagName/4=AWS_KINESISVIDEO_MILLIS_BEHIND_NOW,TagString/4],SimpleTag/4[TagName/4=AWS_KINESISVIDEO_CONTINUATION_TOKEN,TagString/4]]]",
        }));
    }

    [TestCase("output_get_media.mkv")]
    [TestCase("kinesis_video_renderer_example_output.mkv")]
    public async Task The_layout_after_the_producer_header_matches_a_real_recording(string recording)
    {
        var real = EbmlLayout.Documents(await File.ReadAllBytesAsync(SharedReference.Require("kvs-oracle/getmedia-fixtures/" + recording)));
        await CreateSeededStreamAsync(2);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        await body.WaitForFragmentsAsync(2);
        var ours = EbmlLayout.Documents(body.Received);

        Assert.That(ours, Has.Count.EqualTo(2));
        foreach (var document in ours)
        {
            Assert.That(ServicePart(document), Is.EqualTo(ServicePart(real[0])));
        }
    }

    [Test]
    public async Task Producer_metadata_sits_where_the_mixed_tags_recording_has_it()
    {
        var real = EbmlLayout.Documents(await File.ReadAllBytesAsync(SharedReference.Require("kvs-oracle/getmedia-fixtures/test_mixed_tags.mkv")));
        var realOrder = ServicePart(real[0], withSizes: false);
        var metadata = Enumerable.Range(0, 5).Select(i => new KeyValuePair<string, string>($"testTag_{i}", $"testTag_{i}_Value")).ToArray();
        await CreateStreamAsync(StreamName);
        Append(metadata: metadata);
        await using var body = await OpenAsync("""{"StartSelectorType":"EARLIEST"}""");
        await body.WaitForFragmentsAsync(1);

        Assert.That(ServicePart(EbmlLayout.Documents(body.Received)[0], withSizes: false), Is.EqualTo(realOrder));
    }

    private static void AssertSame(KvsMediaFragment actual, StoredFragment expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.IsError, Is.False);
            Assert.That(actual.IsComplete, Is.True);
            Assert.That(actual.FragmentNumber, Is.EqualTo(expected.FragmentNumber));
            Assert.That(actual.ServerTimestamp, Is.EqualTo(expected.ServerTimestamp));
            Assert.That(actual.ProducerTimestamp, Is.EqualTo(expected.ProducerTimestamp));
            Assert.That(actual.KinesisVideoTags[KvsFragmentTagNames.ServerTimestamp], Does.Match(@"^\d+\.\d{3}$"));
            Assert.That(actual.ContinuationToken, Is.Not.Empty);
            Assert.That(actual.ClusterTimecode, Is.EqualTo(expected.ClusterTimecode));
            Assert.That(actual.Tracks.Select(t => (t.TrackNumber, t.CodecId)), Is.EqualTo(expected.Header.Tracks.Select(t => (t.TrackNumber, t.CodecId))));
            Assert.That(actual.OtherTags.Select(t => new KeyValuePair<string, string>(t.Name, t.Value)), Is.EqualTo(expected.Metadata));
            Assert.That(actual.Frames, Has.Count.EqualTo(expected.Frames.Count));
        });
        for (var i = 0; i < expected.Frames.Count; i++)
        {
            var (got, want) = (actual.Frames[i], expected.Frames[i]);
            Assert.Multiple(() =>
            {
                Assert.That(got.TrackNumber, Is.EqualTo(want.TrackNumber));
                Assert.That(got.Timecode, Is.EqualTo(expected.ClusterTimecode + want.RelativeTimecode));
                Assert.That(got.IsKeyFrame, Is.EqualTo(want.IsKeyFrame));
                Assert.That(got.Data.ToArray(), Is.EqualTo(want.Data.ToArray()));
            });
        }
    }

    // The level-1 elements from the service's first Tags on: what GetMedia adds to the producer's header.
    private static string[] ServicePart(List<EbmlLayout.Element> document, bool withSizes = true) =>
        document.SkipWhile(e => !e.Signature().Contains(KvsFragmentTagNames.FragmentNumber, StringComparison.Ordinal))
            .Select(e => e.Signature(withSizes))
            .ToArray();
}
