using System.IO.Pipelines;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Interop;

/// <summary>The typed media clients reading the emulator's stored fragments, parsed by the SDK's GetMedia reader.</summary>
public class GetMediaInteropTests : InteropTest
{
    [Test]
    public async Task GetMedia_from_EARLIEST_gives_back_every_stored_fragment_frame_for_frame_with_its_tags()
    {
        await CreateStreamAsync("cam");
        var stored = MediaSeeding.Seed(Kvs, "cam", 5, AnHourAgo);

        await using var response = await Media.GetMediaAsync(new GetMediaRequest
        {
            StreamName = "cam",
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST },
        });
        var fragments = await ReadAllAsync(response.Payload);

        Assert.That(response.ContentType, Is.EqualTo("video/webm"));
        AssertSameFragments(fragments, stored);
    }

    [Test]
    public async Task GetMediaForFragmentList_gives_the_fragments_asked_for_in_the_order_asked()
    {
        await CreateStreamAsync("cam");
        var stored = MediaSeeding.Seed(Kvs, "cam", 6, AnHourAgo);
        var asked = new[] { stored[4], stored[1], stored[2] };

        await using var response = await ArchivedMedia.GetMediaForFragmentListAsync(new GetMediaForFragmentListRequest
        {
            StreamName = "cam",
            Fragments = [.. asked.Select(f => f.FragmentNumber)],
        });
        var fragments = await ReadAllAsync(response.Payload);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(asked.Select(f => f.FragmentNumber)));
        Assert.That(fragments.Select(f => f.Frames.Select(x => x.Data.ToArray())), Is.EqualTo(asked.Select(f => f.Frames.Select(x => x.Data.ToArray()))));
    }

    [Test]
    public async Task A_fragment_GetMediaForFragmentList_cannot_serve_reads_as_an_error_fragment_in_its_place()
    {
        await CreateStreamAsync("cam");
        var stored = MediaSeeding.Seed(Kvs, "cam", 2, AnHourAgo);
        const string missing = "91343852333181432511524306419788296366724229587";

        await using var response = await ArchivedMedia.GetMediaForFragmentListAsync(new GetMediaForFragmentListRequest
        {
            StreamName = "cam",
            Fragments = [stored[0].FragmentNumber, missing, stored[1].FragmentNumber],
        });
        var fragments = await ReadAllAsync(response.Payload);

        Assert.That(fragments.Select(f => (f.FragmentNumber, f.IsError)), Is.EqualTo(new[] { (stored[0].FragmentNumber, false), (missing, true), (stored[1].FragmentNumber, false) }));
        Assert.That(fragments[1].ErrorId, Is.EqualTo(4000));
        Assert.That(fragments[1].ErrorCode, Is.Not.Empty);
    }

    private static async Task<List<KvsMediaFragment>> ReadAllAsync(Stream payload)
    {
        var fragments = new List<KvsMediaFragment>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var fragment in KvsFragmentReader.ReadAsync(PipeReader.Create(payload), cancellationToken: timeout.Token))
        {
            fragments.Add(fragment);
        }

        return fragments;
    }

    private static void AssertSameFragments(List<KvsMediaFragment> read, IReadOnlyList<StoredFragment> stored)
    {
        Assert.That(read, Has.Count.EqualTo(stored.Count));
        for (var i = 0; i < stored.Count; i++)
        {
            var (got, expected) = (read[i], stored[i]);
            Assert.Multiple(() =>
            {
                Assert.That(got.FragmentNumber, Is.EqualTo(expected.FragmentNumber));
                Assert.That(got.ProducerTimestamp, Is.EqualTo(expected.ProducerTimestamp));
                Assert.That(got.ServerTimestamp, Is.EqualTo(expected.ServerTimestamp));
                Assert.That(got.ClusterTimecode, Is.EqualTo(expected.ClusterTimecode));
                Assert.That(got.IsComplete, Is.True);
                Assert.That(got.Frames.Select(f => (f.TrackNumber, f.Timecode - got.ClusterTimecode, f.IsKeyFrame)), Is.EqualTo(expected.Frames.Select(f => (f.TrackNumber, (long?)f.RelativeTimecode, f.IsKeyFrame))));
                Assert.That(got.Frames.Select(f => f.Data.ToArray()), Is.EqualTo(expected.Frames.Select(f => f.Data.ToArray())));
            });
        }
    }
}
