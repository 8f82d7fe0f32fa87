using System.Net;
using System.Text.RegularExpressions;
using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>HLS media playlists on the emulator's fake clock: the modes, the window, discontinuities, timestamps and deduplication.</summary>
public partial class HlsPlaylistTests : PlaybackTest
{
    private const string Hls = "/getHLSStreamingSessionURL";

    [Test]
    public async Task A_live_playlist_is_a_sliding_window_of_the_newest_fragments_updated_as_they_arrive()
    {
        var seeded = Seed(5, Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        var playlist = await MediaPlaylistUrlAsync(await SessionUrlAsync(Hls, "\"MaxMediaPlaylistFragmentResults\":3"));

        var first = await GetTextAsync(playlist);
        Time.Advance(TimeSpan.FromSeconds(1));
        var added = Seed(2, Time.GetUtcNow());
        var second = await GetTextAsync(playlist);

        Assert.Multiple(() =>
        {
            Assert.That(FragmentNumbers(first), Is.EqualTo(seeded.Skip(2).Select(f => f.FragmentNumber)), "the newest 3 at creation");
            Assert.That(Tag(first, "EXT-X-MEDIA-SEQUENCE"), Is.EqualTo("1"));
            Assert.That(first, Does.Not.Contain("#EXT-X-ENDLIST").And.Not.Contain("#EXT-X-PLAYLIST-TYPE"));
            Assert.That(FragmentNumbers(second), Is.EqualTo(new[] { seeded[4].FragmentNumber, added[0].FragmentNumber, added[1].FragmentNumber }));
            Assert.That(Tag(second, "EXT-X-MEDIA-SEQUENCE"), Is.EqualTo("3"), "two fragments slid out");
            Assert.That(second, Does.Contain("#EXT-X-MAP:URI=\"getMP4InitFragment.mp4?SessionToken="));
        });
    }

    [Test]
    public async Task Live_playlists_leave_out_fragments_older_than_the_newest_listed_and_of_other_tracks()
    {
        var seeded = Seed(2, Time.GetUtcNow() - TimeSpan.FromSeconds(2));
        var playlist = await MediaPlaylistUrlAsync(await SessionUrlAsync(Hls, "\"HLSFragmentSelector\":{\"FragmentSelectorType\":\"PRODUCER_TIMESTAMP\"}"));
        var media = MediaSeeding.MediaOf(Kvs, Stream);

        var older = MediaSeeding.Fragment(Kvs, seeded[0].Header, seeded[0].ProducerTimestamp - TimeSpan.FromSeconds(10), Time.GetUtcNow());
        var audioToo = MediaSeeding.Fragment(Kvs, MediaSeeding.Header(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack), Time.GetUtcNow(), Time.GetUtcNow());
        var newer = MediaSeeding.Fragment(Kvs, seeded[0].Header, Time.GetUtcNow() + TimeSpan.FromSeconds(1), Time.GetUtcNow());
        media.Append(older);
        media.Append(audioToo);
        media.Append(newer);

        Assert.That(FragmentNumbers(await GetTextAsync(playlist)), Is.EqualTo(new[] { seeded[0].FragmentNumber, seeded[1].FragmentNumber, newer.FragmentNumber }));
    }

    [Test]
    public async Task A_duplicate_producer_timestamp_is_listed_once_as_the_newer_fragment_in_the_older_one_s_place()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var seeded = Seed(3, start);

        // Resends of the second and third fragments (a producer's retries), ingested after all three.
        var resent = Store(seeded[1].Header, seeded[1].ProducerTimestamp, Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        var resentLast = Store(seeded[1].Header, seeded[2].ProducerTimestamp, Time.GetUtcNow() - TimeSpan.FromSeconds(30));
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(5), "PRODUCER_TIMESTAMP"));

        var playlist = await GetTextAsync(await MediaPlaylistUrlAsync(url));

        Assert.That(FragmentNumbers(playlist), Is.EqualTo(new[] { seeded[0].FragmentNumber, resent.FragmentNumber, resentLast.FragmentNumber }), "the larger fragment number wins");
        Assert.That(Tag(playlist, "EXT-X-MEDIA-SEQUENCE"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Server_timestamp_sessions_do_not_deduplicate()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var seeded = Seed(2, start);
        var resent = Store(seeded[1].Header, seeded[1].ProducerTimestamp, start + TimeSpan.FromSeconds(5));
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(5)));

        var playlist = await GetTextAsync(await MediaPlaylistUrlAsync(url));

        Assert.That(FragmentNumbers(playlist), Is.EqualTo(new[] { seeded[0].FragmentNumber, seeded[1].FragmentNumber, resent.FragmentNumber }));
    }

    [Test]
    public async Task On_demand_lists_at_most_MaxMediaPlaylistFragmentResults_from_the_range_start_and_ends_the_list()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var seeded = Seed(6, start);
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start + TimeSpan.FromSeconds(1), start + TimeSpan.FromMinutes(1)) + ",\"MaxMediaPlaylistFragmentResults\":3");

        var playlist = await GetTextAsync(await MediaPlaylistUrlAsync(url));

        Assert.Multiple(() =>
        {
            Assert.That(FragmentNumbers(playlist), Is.EqualTo(seeded.Skip(1).Take(3).Select(f => f.FragmentNumber)));
            Assert.That(playlist, Does.Contain("#EXT-X-PLAYLIST-TYPE:VOD").And.EndWith("#EXT-X-ENDLIST\n"));
        });
    }

    [Test]
    public async Task Live_replay_adds_each_fragment_as_its_time_since_the_first_elapses_and_ends_after_the_range()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var seeded = Seed(4, start);
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromSeconds(2.5), mode: "LIVE_REPLAY"));
        var playlist = await MediaPlaylistUrlAsync(url);

        var atStart = await GetTextAsync(playlist);
        Time.Advance(TimeSpan.FromSeconds(1));
        var afterOne = await GetTextAsync(playlist);
        Time.Advance(TimeSpan.FromSeconds(1));
        var afterTwo = await GetTextAsync(playlist);

        Assert.Multiple(() =>
        {
            Assert.That(FragmentNumbers(atStart), Is.EqualTo(new[] { seeded[0].FragmentNumber }));
            Assert.That(atStart, Does.Not.Contain("#EXT-X-ENDLIST"));
            Assert.That(FragmentNumbers(afterOne), Is.EqualTo(seeded.Take(2).Select(f => f.FragmentNumber)));
            Assert.That(FragmentNumbers(afterTwo), Is.EqualTo(seeded.Take(3).Select(f => f.FragmentNumber)), "the fourth starts after the range's end");
            Assert.That(afterTwo, Does.EndWith("#EXT-X-ENDLIST\n"));
        });
    }

    [TestCase("ALWAYS", new[] { true, true, true, true })]
    [TestCase("NEVER", new[] { false, false, false, false })]
    [TestCase("ON_DISCONTINUITY", new[] { false, false, true, false })]
    public async Task Discontinuity_modes_mark_every_fragment_none_or_those_after_a_gap_of_more_than_50_ms(string mode, bool[] expected)
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var header = MediaSeeding.Header();

        // Fragments of 3 frames 40 ms apart last 120 ms; the third starts 51 ms after the second ends, the fourth 50 ms.
        Store(header, start, start);
        Store(header, start + TimeSpan.FromMilliseconds(120), start + TimeSpan.FromSeconds(1));
        Store(header, start + TimeSpan.FromMilliseconds(291), start + TimeSpan.FromSeconds(2));
        Store(header, start + TimeSpan.FromMilliseconds(461), start + TimeSpan.FromSeconds(3));
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(1)) + $",\"DiscontinuityMode\":\"{mode}\"");

        var playlist = await GetTextAsync(await MediaPlaylistUrlAsync(url));

        Assert.That(DiscontinuityFlags(playlist), Is.EqualTo(expected));
    }

    [Test]
    public async Task The_discontinuity_sequence_counts_the_discontinuities_that_slid_out_of_a_live_window()
    {
        Seed(4, Time.GetUtcNow() - TimeSpan.FromSeconds(4));
        var playlist = await MediaPlaylistUrlAsync(await SessionUrlAsync(Hls, "\"MaxMediaPlaylistFragmentResults\":2"));
        await GetTextAsync(playlist);

        Seed(3, Time.GetUtcNow());
        var text = await GetTextAsync(playlist);

        Assert.Multiple(() =>
        {
            Assert.That(Tag(text, "EXT-X-MEDIA-SEQUENCE"), Is.EqualTo("4"));
            Assert.That(Tag(text, "EXT-X-DISCONTINUITY-SEQUENCE"), Is.EqualTo("3"), "ALWAYS (server timestamps): one before each fragment");
        });
    }

    [TestCase("SERVER_TIMESTAMP")]
    [TestCase("PRODUCER_TIMESTAMP")]
    public async Task DisplayFragmentTimestamp_writes_each_fragment_s_start_by_the_selector_s_clock(string selector)
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var header = MediaSeeding.Header();
        var fragment = Store(header, start, start + TimeSpan.FromMilliseconds(1234));
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start, start + TimeSpan.FromMinutes(1), selector) + ",\"DisplayFragmentTimestamp\":\"ALWAYS\"");

        var playlist = await GetTextAsync(await MediaPlaylistUrlAsync(url));

        var expected = selector == "SERVER_TIMESTAMP" ? fragment.ServerTimestamp : fragment.ProducerTimestamp;
        Assert.That(Tag(playlist, "EXT-X-PROGRAM-DATE-TIME"), Is.EqualTo(expected.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task The_master_playlist_names_a_media_playlist_per_track_with_codecs_and_resolution()
    {
        Sample.Store(Kvs, Stream, Time.GetUtcNow() - TimeSpan.FromSeconds(4), 2);

        var master = await GetTextAsync(await SessionUrlAsync(Hls));
        var ts = await GetTextAsync(await SessionUrlAsync(Hls, "\"ContainerFormat\":\"MPEG_TS\""));

        Assert.Multiple(() =>
        {
            Assert.That(master, Does.Match("#EXT-X-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"avc1\\.64000b,mp4a\\.40\\.2\",RESOLUTION=160x120,AUDIO=\"audio\"\ngetHLSMediaPlaylist\\.m3u8\\?SessionToken=[^&]+&TrackNumber=1\n"));
            Assert.That(master, Does.Contain("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"").And.Contain("&TrackNumber=2\""));
            Assert.That(UriLines(ts), Has.Count.EqualTo(1).And.All.Not.Contain("TrackNumber"), "MPEG-TS: one playlist for both tracks");
        });
    }

    [Test]
    public async Task Fragments_outside_the_session_and_resources_of_the_other_container_are_refused()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(10);
        var seeded = Seed(3, start);
        var url = await SessionUrlAsync(Hls, OnDemand("HLSFragmentSelector", start + TimeSpan.FromSeconds(1), start + TimeSpan.FromSeconds(1.5)));
        var inRange = Resolve(url, $"getMP4MediaFragment.mp4?FragmentNumber={seeded[1].FragmentNumber}&SessionToken={Token(url)}&TrackNumber=1");

        await GetBytesAsync(inRange);
        await GetBytesAsync(inRange.Replace(seeded[1].FragmentNumber, seeded[2].FragmentNumber, StringComparison.Ordinal), HttpStatusCode.NotFound);
        await GetBytesAsync(inRange.Replace("TrackNumber=1", "TrackNumber=9", StringComparison.Ordinal), HttpStatusCode.BadRequest);
        await GetBytesAsync(Resolve(url, $"getTSFragment.ts?FragmentNumber={seeded[1].FragmentNumber}&SessionToken={Token(url)}"), HttpStatusCode.BadRequest);
        await GetBytesAsync(Resolve(url, $"getMP4MediaFragment.mp4?SessionToken={Token(url)}"), HttpStatusCode.BadRequest);
    }

    private List<StoredFragment> Seed(int count, DateTimeOffset start) => [.. MediaSeeding.Seed(Kvs, Stream, count, start)];

    private async Task<string> MediaPlaylistUrlAsync(string masterUrl) => Resolve(masterUrl, UriLines(await GetTextAsync(masterUrl))[0]);

    private static string Token(string url) => Regex.Match(url, "SessionToken=([^&]+)").Groups[1].Value;

    private static List<string> FragmentNumbers(string playlist) =>
        [.. UriLines(playlist).Select(l => Regex.Match(l, "FragmentNumber=(\\d+)").Groups[1].Value)];

    private static string Tag(string playlist, string name) =>
        playlist.Split('\n').First(l => l.StartsWith("#" + name + ":", StringComparison.Ordinal))[(name.Length + 2)..];

    // For each segment, whether an EXT-X-DISCONTINUITY precedes it (after the previous segment).
    private static List<bool> DiscontinuityFlags(string playlist)
    {
        var flags = new List<bool>();
        var pending = false;
        foreach (var line in playlist.Split('\n'))
        {
            if (line == "#EXT-X-DISCONTINUITY")
            {
                pending = true;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                flags.Add(pending);
                pending = false;
            }
        }

        return flags;
    }
}
