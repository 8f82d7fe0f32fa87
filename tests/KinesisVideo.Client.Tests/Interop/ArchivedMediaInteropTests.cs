using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Interop;

/// <summary>The typed archived media client against the emulator's stored fragments.</summary>
public class ArchivedMediaInteropTests : InteropTest
{
    [Test]
    public async Task The_ListFragments_paginator_walks_every_page_and_returns_each_fragment_once_with_its_members()
    {
        await CreateStreamAsync("cam");
        var start = AnHourAgo;
        var stored = MediaSeeding.Seed(Kvs, "cam", 250, start);
        var request = new ListFragmentsRequest
        {
            StreamName = "cam",
            MaxResults = 100,
            FragmentSelector = new FragmentSelector
            {
                FragmentSelectorType = FragmentSelectorType.PRODUCER_TIMESTAMP,
                TimestampRange = new TimestampRange { StartTimestamp = start, EndTimestamp = start.AddHours(1) },
            },
        };

        var pages = 0;
        await foreach (var _ in ArchivedMedia.Paginators.ListFragments(request).PagesAsync())
        {
            pages++;
        }

        var listed = new List<Fragment>();
        await foreach (var fragment in ArchivedMedia.Paginators.ListFragments(request))
        {
            listed.Add(fragment);
        }

        Assert.That(pages, Is.EqualTo(3));
        var byNumber = listed.ToDictionary(f => f.FragmentNumber!);
        Assert.That(byNumber.Keys, Is.EquivalentTo(stored.Select(f => f.FragmentNumber)));
        Assert.Multiple(() =>
        {
            foreach (var expected in stored)
            {
                var got = byNumber[expected.FragmentNumber];
                Assert.That(got.ProducerTimestamp, Is.EqualTo(expected.ProducerTimestamp));
                Assert.That(got.ServerTimestamp, Is.EqualTo(expected.ServerTimestamp));
                Assert.That(got.FragmentSizeInBytes, Is.EqualTo(expected.SizeInBytes));
                Assert.That(got.FragmentLengthInMilliseconds, Is.EqualTo((long)expected.Duration.TotalMilliseconds));
            }
        });
    }

    [Test]
    public async Task GetHLSStreamingSessionURL_returns_a_session_URL_on_the_data_endpoint()
    {
        await CreateStreamAsync("cam");
        MediaSeeding.Seed(Kvs, "cam", 3, DateTimeOffset.UtcNow.AddSeconds(-10));

        var response = await ArchivedMedia.GetHLSStreamingSessionURLAsync(new GetHLSStreamingSessionURLRequest { StreamName = "cam", PlaybackMode = HLSPlaybackMode.LIVE });

        var url = new Uri(response.HLSStreamingSessionURL!);
        Assert.That(url.GetLeftPart(UriPartial.Authority), Is.EqualTo(Kvs.DataEndpoint.GetLeftPart(UriPartial.Authority)));
        Assert.That(url.Query, Does.StartWith("?SessionToken="));
    }
}
