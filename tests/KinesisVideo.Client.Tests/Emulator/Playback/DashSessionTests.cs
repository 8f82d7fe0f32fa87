using System.Net;
using System.Xml.Linq;
using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Emulator.Rendering;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.Playback;

/// <summary>DASH manifests: SegmentTemplate and SegmentTimeline over the fMP4 fragments, kvs:ts and kvs:fn, static and dynamic; read by ffprobe.</summary>
public class DashSessionTests : PlaybackTest
{
    private const string Dash = "/getDASHStreamingSessionURL";
    private static readonly XNamespace s_mpd = "urn:mpeg:dash:schema:mpd:2011";
    private static readonly XNamespace s_kvs = "urn:kinesisvideo:dash:2018";

    [Test]
    public async Task An_on_demand_manifest_is_static_with_one_timeline_entry_per_fragment_and_track()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 4);
        var url = await SessionUrlAsync(Dash, OnDemand("DASHFragmentSelector", start, start + TimeSpan.FromMinutes(1)) + ",\"DisplayFragmentTimestamp\":\"ALWAYS\",\"DisplayFragmentNumber\":\"ALWAYS\"");

        var mpd = XDocument.Parse(await GetTextAsync(url)).Root!;
        var sets = mpd.Descendants(s_mpd + "AdaptationSet").ToList();

        Assert.Multiple(() =>
        {
            Assert.That((string?)mpd.Attribute("type"), Is.EqualTo("static"));
            Assert.That((string?)mpd.Attribute("mediaPresentationDuration"), Is.EqualTo("PT4S"));
            Assert.That(sets.Select(s => (string?)s.Attribute("contentType")), Is.EqualTo(new[] { "video", "audio" }));
            Assert.That(sets.Select(s => (string?)s.Element(s_mpd + "Representation")!.Attribute("codecs")), Is.EqualTo(new[] { "avc1.64000b", "mp4a.40.2" }));
            var video = sets[0].Descendants(s_mpd + "SegmentTemplate").Single();
            Assert.That((string?)video.Attribute("timescale"), Is.EqualTo("90000"));
            Assert.That((string?)video.Attribute("startNumber"), Is.EqualTo("1"));
            Assert.That((string?)video.Attribute("media"), Does.StartWith("getMP4MediaFragment.mp4?FragmentNumber=$Number$&SessionToken="));
            var entries = video.Descendants(s_mpd + "S").ToList();
            Assert.That(entries.Select(e => (long)e.Attribute("t")!), Is.EqualTo(stored.Select(f => f.ProducerTimestamp.ToUnixTimeMilliseconds() * 90)));
            Assert.That(entries.Select(e => (long)e.Attribute("d")!), Is.All.EqualTo(90_000), "1 s fragments");
            Assert.That((long)video.Attribute("presentationTimeOffset")!, Is.EqualTo((long)entries[0].Attribute("t")!), "the timeline starts at the first fragment");
            Assert.That(entries.Select(e => (string?)e.Attribute(s_kvs + "fn")), Is.EqualTo(stored.Select(f => f.FragmentNumber)));
            Assert.That(entries.Select(e => (string?)e.Attribute(s_kvs + "ts")), Is.EqualTo(stored.Select(f => f.ServerTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))));
        });
    }

    [Test]
    public async Task Number_in_a_media_url_is_the_session_s_sequence_number_and_its_fragment_starts_at_the_timeline_s_t()
    {
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        Sample.Store(Kvs, Stream, start, 3);
        var url = await SessionUrlAsync(Dash, OnDemand("DASHFragmentSelector", start, start + TimeSpan.FromMinutes(1)));
        var template = XDocument.Parse(await GetTextAsync(url)).Descendants(s_mpd + "SegmentTemplate").First();
        var third = template.Descendants(s_mpd + "S").ElementAt(2);

        var segment = await GetBytesAsync(Resolve(url, ((string)template.Attribute("media")!).Replace("$Number$", "3", StringComparison.Ordinal)));
        var init = await GetBytesAsync(Resolve(url, (string)template.Attribute("initialization")!));

        Assert.Multiple(() =>
        {
            Assert.That(Mp4Box.Find(Mp4Box.Parse(segment), "moof/traf/tfdt").UInt64At(4), Is.EqualTo((ulong)(long)third.Attribute("t")!));
            Assert.That(Mp4Box.FindAll(Mp4Box.Parse(init), "moov/trak").Count(), Is.EqualTo(1), "one track per initialization segment");
        });
        await GetBytesAsync(Resolve(url, ((string)template.Attribute("media")!).Replace("$Number$", "4", StringComparison.Ordinal)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_live_manifest_is_dynamic_refreshed_every_second_and_slides_its_window()
    {
        var first = MediaSeeding.Seed(Kvs, Stream, 4, Time.GetUtcNow() - TimeSpan.FromSeconds(4));
        var url = await SessionUrlAsync(Dash, "\"MaxManifestFragmentResults\":3");

        var before = XDocument.Parse(await GetTextAsync(url)).Root!;
        Time.Advance(TimeSpan.FromSeconds(1));
        MediaSeeding.Seed(Kvs, Stream, 1, Time.GetUtcNow());
        var after = XDocument.Parse(await GetTextAsync(url)).Root!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)before.Attribute("type"), Is.EqualTo("dynamic"));
            Assert.That((string?)before.Attribute("minimumUpdatePeriod"), Is.EqualTo("PT1S"));
            Assert.That((string?)before.Attribute("availabilityStartTime"), Is.EqualTo((string?)after.Attribute("availabilityStartTime")), "the anchor stays");
            Assert.That(before.Descendants(s_mpd + "S").Count(), Is.EqualTo(3));
            Assert.That((string?)after.Descendants(s_mpd + "SegmentTemplate").Single().Attribute("startNumber"), Is.EqualTo("2"));
            Assert.That((long)after.Descendants(s_mpd + "S").First().Attribute("t")!, Is.EqualTo(first[2].ProducerTimestamp.ToUnixTimeMilliseconds() * 90));
            Assert.That((string?)after.Element(s_mpd + "UTCTiming")!.Attribute("value"), Is.EqualTo(Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Ffprobe_reads_an_on_demand_dash_session_with_every_frame_and_the_codecs()
    {
        ExternalTool.Require("ffprobe");
        var start = Time.GetUtcNow() - TimeSpan.FromHours(1);
        var stored = Sample.Store(Kvs, Stream, start, 2 * Sample.FragmentsPerLoop);
        var url = await SessionUrlAsync(Dash, OnDemand("DASHFragmentSelector", start, start + TimeSpan.FromMinutes(1)));

        var (codecs, packets) = Probe(url);

        var video = codecs.Single(c => c.Value == "h264").Key;
        var audio = codecs.Single(c => c.Value == "aac").Key;
        Assert.That(packets.Where(p => p.Stream == video).Select(p => p.Size), Is.EqualTo(stored.SelectMany(f => f.Frames.Where(x => x.TrackNumber == 1)).Select(x => x.Data.Length)));
        Assert.That(packets.Count(p => p.Stream == audio), Is.EqualTo(stored.Sum(f => f.Frames.Count(x => x.TrackNumber == 2))));
    }
}
