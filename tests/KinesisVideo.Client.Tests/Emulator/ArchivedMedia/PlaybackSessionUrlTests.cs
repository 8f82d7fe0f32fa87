using System.Net;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator.ArchivedMedia;

/// <summary>GetHLSStreamingSessionURL and GetDASHStreamingSessionURL: URL shape, tokens, and every documented rule.</summary>
public class PlaybackSessionUrlTests : ArchivedMediaTest
{
    private const string Hls = "/getHLSStreamingSessionURL";
    private const string Dash = "/getDASHStreamingSessionURL";

    [Test]
    public async Task The_session_urls_are_the_master_playlist_and_the_manifest_on_the_data_endpoint()
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);

        var hls = (await Data.PostAsync(Hls, $$"""{"StreamName":"{{Stream}}"}""")).Ok().String("HLSStreamingSessionURL");
        var dash = (await Data.PostAsync(Dash, $$"""{"StreamARN":"{{StreamArn}}"}""")).Ok().String("DASHStreamingSessionURL");

        Assert.Multiple(() =>
        {
            Assert.That(hls, Does.Match("^" + Kvs.DataEndpoint + "hls/v1/getHLSMasterPlaylist\\.m3u8\\?SessionToken=[A-Za-z0-9_-]{43}$"));
            Assert.That(dash, Does.Match("^" + Kvs.DataEndpoint + "dash/v1/getDASHManifest\\.mpd\\?SessionToken=[A-Za-z0-9_-]{43}$"));
        });
    }

    [Test]
    public async Task Every_session_gets_its_own_token()
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);
        var urls = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            urls.Add((await Data.PostAsync(Hls, $$"""{"StreamName":"{{Stream}}"}""")).Ok().String("HLSStreamingSessionURL"));
        }

        Assert.That(urls, Is.Unique);
    }

    [Test]
    public async Task The_session_keeps_the_documented_defaults()
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);

        var live = SessionOf((await Data.PostAsync(Hls, $$"""{"StreamName":"{{Stream}}"}""")).Ok().String("HLSStreamingSessionURL"));
        var onDemand = SessionOf((await Data.PostAsync(Hls, OnDemand("PRODUCER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromMinutes(1), Time.GetUtcNow()))).Ok().String("HLSStreamingSessionURL"));
        var dash = SessionOf((await Data.PostAsync(Dash, $$"""{"StreamName":"{{Stream}}","Expires":43200,"MaxManifestFragmentResults":7}""")).Ok().String("DASHStreamingSessionURL"));

        Assert.Multiple(() =>
        {
            Assert.That(live.Request.PlaybackMode, Is.EqualTo("LIVE"));
            Assert.That(live.Request.MaxFragmentResults, Is.EqualTo(5));
            Assert.That(live.ExpiresAt, Is.EqualTo(Time.GetUtcNow() + TimeSpan.FromSeconds(300)));
            Assert.That(live.ContainerFormat, Is.EqualTo("FRAGMENTED_MP4"));
            Assert.That(live.DiscontinuityMode, Is.EqualTo("ALWAYS"), "server timestamps");
            Assert.That(live.DisplayFragmentTimestamp, Is.EqualTo("NEVER"));
            Assert.That(onDemand.Request.MaxFragmentResults, Is.EqualTo(1000));
            Assert.That(onDemand.DiscontinuityMode, Is.EqualTo("NEVER"), "producer timestamps");
            Assert.That(dash.ExpiresAt, Is.EqualTo(Time.GetUtcNow() + TimeSpan.FromHours(12)));
            Assert.That(dash.Request.MaxFragmentResults, Is.EqualTo(7));
            Assert.That(dash.DisplayFragmentNumber, Is.EqualTo("NEVER"));
        });
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task Live_needs_a_fragment_from_the_last_30_seconds(string path)
    {
        SeedAgo(TimeSpan.FromSeconds(30), 1);

        (await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""")).Ok();
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var stale = await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""");

        stale.Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [TestCase(Hls, "HLSFragmentSelector")]
    [TestCase(Dash, "DASHFragmentSelector")]
    public async Task Live_takes_a_selector_type_but_refuses_a_timestamp_range(string path, string selector)
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);
        var now = Epoch(Time.GetUtcNow());

        (await Data.PostAsync(path, $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"LIVE","{{{{selector}}}}":{"FragmentSelectorType":"PRODUCER_TIMESTAMP"}}""")).Ok();
        (await Data.PostAsync(path, $$$$"""{"StreamName":"{{{{Stream}}}}","{{{{selector}}}}":{"TimestampRange":{"StartTimestamp":{{{{now}}}}}}}"""))
            .Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [TestCase(Hls, "HLSFragmentSelector", "ON_DEMAND")]
    [TestCase(Hls, "HLSFragmentSelector", "LIVE_REPLAY")]
    [TestCase(Dash, "DASHFragmentSelector", "ON_DEMAND")]
    [TestCase(Dash, "DASHFragmentSelector", "LIVE_REPLAY")]
    public async Task Replay_and_on_demand_need_a_selector_type_a_range_and_its_start(string path, string selector, string mode)
    {
        SeedAgo(TimeSpan.FromMinutes(1), 3);
        var start = Epoch(Time.GetUtcNow() - TimeSpan.FromMinutes(2));
        var end = Epoch(Time.GetUtcNow());
        string[] incomplete =
        [
            $$"""{"StreamName":"{{Stream}}","PlaybackMode":"{{mode}}"}""",
            $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"{{{{mode}}}}","{{{{selector}}}}":{"TimestampRange":{"StartTimestamp":{{{{start}}}},"EndTimestamp":{{{{end}}}}}}}""",
            $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"{{{{mode}}}}","{{{{selector}}}}":{"FragmentSelectorType":"SERVER_TIMESTAMP"}}""",
            $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"{{{{mode}}}}","{{{{selector}}}}":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"EndTimestamp":{{{{end}}}}}}}""",
        ];

        foreach (var body in incomplete)
        {
            (await Data.PostAsync(path, body)).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        }

        (await Data.PostAsync(path, $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"{{{{mode}}}}","{{{{selector}}}}":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":{{{{start}}}},"EndTimestamp":{{{{end}}}}}}}""")).Ok();
    }

    [Test]
    public async Task On_demand_needs_an_end_and_live_replay_does_not()
    {
        SeedAgo(TimeSpan.FromMinutes(1), 3);
        var start = Epoch(Time.GetUtcNow() - TimeSpan.FromMinutes(2));

        (await Data.PostAsync(Hls, OpenRange("ON_DEMAND", start))).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync(Hls, OpenRange("LIVE_REPLAY", start))).Ok();
    }

    [Test]
    public async Task The_end_must_be_later_than_the_start_and_within_24_hours_of_it()
    {
        var now = Time.GetUtcNow();
        var header = MediaSeeding.Header();
        Store(header, now - TimeSpan.FromHours(25), now - TimeSpan.FromMinutes(1));

        (await Data.PostAsync(Hls, OnDemand("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(25), now - TimeSpan.FromHours(25)))).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync(Hls, OnDemand("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(25), now - TimeSpan.FromHours(26)))).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync(Hls, OnDemand("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(25), now - TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1)))).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync(Hls, OnDemand("PRODUCER_TIMESTAMP", now - TimeSpan.FromHours(25), now - TimeSpan.FromHours(1)))).Ok();
    }

    [Test]
    public async Task A_server_timestamp_range_must_end_in_the_past_and_a_producer_one_need_not()
    {
        SeedAgo(TimeSpan.FromMinutes(1), 1);
        var start = Time.GetUtcNow() - TimeSpan.FromMinutes(2);
        var future = Time.GetUtcNow() + TimeSpan.FromSeconds(1);

        (await Data.PostAsync(Dash, OnDemand("SERVER_TIMESTAMP", start, future, "DASHFragmentSelector"))).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Data.PostAsync(Dash, OnDemand("PRODUCER_TIMESTAMP", start, future, "DASHFragmentSelector"))).Ok();
    }

    [TestCase(Hls, "HLSFragmentSelector")]
    [TestCase(Dash, "DASHFragmentSelector")]
    public async Task A_range_without_fragments_is_ResourceNotFound(string path, string selector)
    {
        SeedAgo(TimeSpan.FromMinutes(1), 1);

        var response = await Data.PostAsync(path, OnDemand("SERVER_TIMESTAMP", Time.GetUtcNow() - TimeSpan.FromMinutes(10), Time.GetUtcNow() - TimeSpan.FromMinutes(5), selector));

        response.Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task A_stream_that_keeps_no_data_is_NoDataRetention(string path)
    {
        await CreateStreamAsync("ephemeral", retentionHours: 0);
        MediaSeeding.Seed(Kvs, "ephemeral", 1, Time.GetUtcNow());

        (await Data.PostAsync(path, """{"StreamName":"ephemeral"}""")).Error(HttpStatusCode.BadRequest, "NoDataRetentionException");
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task A_missing_stream_is_ResourceNotFound(string path)
    {
        (await Data.PostAsync(path, """{"StreamName":"missing"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [TestCase(Hls, 299)]
    [TestCase(Hls, 43201)]
    [TestCase(Dash, 299)]
    [TestCase(Dash, 43201)]
    public async Task Expires_outside_300_to_43200_seconds_is_refused(string path, int expires)
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1);

        (await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}","Expires":{{expires}}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [TestCase(Hls, true)]
    [TestCase(Dash, false)]
    public async Task Audio_alone_plays_over_hls_only(string path, bool supported)
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1, header: MediaSeeding.Header(Track(MediaSeeding.AudioTrack, number: 1)));

        var response = await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""");

        if (supported)
        {
            response.Ok();
        }
        else
        {
            response.Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
        }
    }

    [TestCase(Hls, false)]
    [TestCase(Dash, true)]
    public async Task G711_audio_beside_video_plays_over_dash_only(string path, bool supported)
    {
        // WAVEFORMATEX: A-law (6), mono, 8 kHz, 8000 bytes/s, 1-byte blocks, 8 bits, no extension.
        var wave = new MkvTrackEntry { TrackNumber = 2, TrackType = MkvTrackType.Audio, CodecId = "A_MS/ACM", CodecPrivate = Convert.FromHexString("06000100401F0000401F0000010008000000") };
        SeedAgo(TimeSpan.FromSeconds(5), 1, header: MediaSeeding.Header(MediaSeeding.VideoTrack, wave));

        var response = await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""");

        if (supported)
        {
            response.Ok();
        }
        else
        {
            response.Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
        }
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task A_codec_no_player_decodes_is_UnsupportedStreamMediaType(string path)
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1, header: MediaSeeding.Header(Track(MediaSeeding.VideoTrack, codecId: "V_MJPEG")));

        (await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""")).Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task A_track_without_codec_private_data_is_MissingCodecPrivateData(string path)
    {
        SeedAgo(TimeSpan.FromSeconds(5), 1, header: MediaSeeding.Header(MediaSeeding.VideoTrack, Track(MediaSeeding.AudioTrack, codecPrivate: [])));

        (await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""")).Error(HttpStatusCode.BadRequest, "MissingCodecPrivateDataException");
    }

    [TestCase(Hls)]
    [TestCase(Dash)]
    public async Task Video_codec_private_data_that_is_not_an_avc_record_is_InvalidCodecPrivateData(string path)
    {
        // Annex-B parameter sets where the AVCDecoderConfigurationRecord belongs (a common producer mistake).
        var annexB = Convert.FromHexString("00000001674D401FE8805005B901010000000168EE3880");
        SeedAgo(TimeSpan.FromSeconds(5), 1, header: MediaSeeding.Header(Track(MediaSeeding.VideoTrack, codecPrivate: annexB)));

        (await Data.PostAsync(path, $$"""{"StreamName":"{{Stream}}"}""")).Error(HttpStatusCode.BadRequest, "InvalidCodecPrivateDataException");
    }

    [Test]
    public async Task The_tracks_are_judged_on_the_first_fragment_of_the_session()
    {
        var now = Time.GetUtcNow();
        Store(MediaSeeding.Header(Track(MediaSeeding.VideoTrack, codecId: "V_MJPEG")), now - TimeSpan.FromMinutes(2), now - TimeSpan.FromMinutes(2));
        Store(MediaSeeding.Header(), now - TimeSpan.FromMinutes(1), now - TimeSpan.FromMinutes(1));

        (await Data.PostAsync(Hls, OnDemand("SERVER_TIMESTAMP", now - TimeSpan.FromMinutes(3), now))).Error(HttpStatusCode.BadRequest, "UnsupportedStreamMediaTypeException");
        (await Data.PostAsync(Hls, OnDemand("SERVER_TIMESTAMP", now - TimeSpan.FromSeconds(90), now))).Ok();
    }

    private static string OnDemand(string selectorType, DateTimeOffset start, DateTimeOffset end, string selector = "HLSFragmentSelector") =>
        $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"ON_DEMAND","{{{{selector}}}}":{"FragmentSelectorType":"{{{{selectorType}}}}","TimestampRange":{"StartTimestamp":{{{{Epoch(start)}}}},"EndTimestamp":{{{{Epoch(end)}}}}}}}""";

    private static string OpenRange(string mode, string start) =>
        $$$$"""{"StreamName":"{{{{Stream}}}}","PlaybackMode":"{{{{mode}}}}","HLSFragmentSelector":{"FragmentSelectorType":"SERVER_TIMESTAMP","TimestampRange":{"StartTimestamp":{{{{start}}}}}}}""";

    private KinesisVideo.Emulator.Media.Archive.PlaybackSession SessionOf(string url) =>
        Kvs.State.PlaybackSessions.Find(url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..])!;
}
