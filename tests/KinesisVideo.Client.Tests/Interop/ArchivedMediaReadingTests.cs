using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Download;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Interop;

/// <summary>
/// GetMediaForFragmentList parsed and resuming, and the archive download to one MKV file, against
/// the emulator; the files are checked by ffprobe and mkvinfo.
/// </summary>
public class ArchivedMediaReadingTests : InteropTest
{
    private const string Stream = "cam";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private readonly List<IDisposable> _disposables = [];
    private CapturingLoggerProvider _logs = null!;
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _logs = new CapturingLoggerProvider();
        _directory = Path.Combine(Path.GetTempPath(), "kvs-download-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void Clean()
    {
        _disposables.ForEach(d => d.Dispose());
        _logs.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task A_range_with_duplicates_over_several_list_pages_downloads_as_one_file_that_ffprobe_and_mkvinfo_read_frame_for_frame()
    {
        await CreateStreamAsync(Stream);
        var start = AnHourAgo;
        var stored = Store(RealFragments(start, repeat: 6));
        // A producer's resends: the same media again under new numbers, stored later.
        var resent = Store([.. new[] { stored[1], stored[4], stored[9] }.Select(f => f with { FragmentNumber = Kvs.State.FragmentNumbers.Next(), ServerTimestamp = f.ServerTimestamp.AddMinutes(5) })]);
        Kvs.Faults.GetMedia.DropAfterBytes(10_000, responses: 2);
        Kvs.Faults.GetMedia.DropDrainTime = TimeSpan.FromMilliseconds(2);
        var path = Path.Combine(_directory, "range.mkv");
        var reports = new List<MediaDownloadProgress>();

        MediaDownloadResult result;
        await using (var file = File.Create(path))
        {
            using var timeout = new CancellationTokenSource(s_bound);
            result = await Client().DownloadMediaAsync(Range(start, listPageSize: 5, batchSize: 4), file, new SynchronousProgress(reports), timeout.Token);
        }

        Assert.That(result, Is.EqualTo(new MediaDownloadResult(FragmentsListed: 15, DuplicatesDropped: 3, FragmentsWritten: 12, FragmentsSkipped: 0, FramesWritten: 300, BytesWritten: new FileInfo(path).Length)));
        Assert.That(resent, Has.Count.EqualTo(3));
        Assert.That(_logs.Count(201) + _logs.Count(202) + _logs.Count(2), Is.EqualTo(2), "both dropped batches were resumed (by the read, or before the headers by the call)");
        Assert.That(_logs.Count(210) + _logs.Count(211), Is.EqualTo(2), "planned and completed were logged");
        var expected = stored.SelectMany(f => f.Frames.Select(x => (f.ClusterTimecode + x.RelativeTimecode - stored[0].ClusterTimecode, x.IsKeyFrame, x.Data.Length))).ToList();
        var packets = MkvOracle.FfprobePackets(path);
        Assert.That(packets.Select(p => (p.TimestampMs, p.IsKey, p.Size)), Is.EqualTo(expected), "every frame once, in producer order");
        // The sample has B-frames: presentation timestamps are unique, decoding timestamps increase.
        Assert.That(packets.Select(p => p.TimestampMs), Is.Unique);
        Assert.That(DecodingTimestamps(path), Is.Ordered.Ascending.And.Unique.And.Count.GreaterThan(290));
        Assert.That(MkvOracle.MkvinfoBlocks(path).Select(b => (b.TimestampMs, b.IsKey, b.Size)), Is.EqualTo(expected));
        var info = MkvOracle.MkvinfoText(path);
        Assert.That(info.Split("+ EBML head").Length - 1, Is.EqualTo(1), "one EBML header");
        Assert.That(info.Split("+ Segment:").Length - 1, Is.EqualTo(1), "one Segment");
        Assert.That(info, Does.Contain("+ Cues"));
        Assert.That(reports.Where(r => r.FragmentsToWrite == 0).Select(r => r.FragmentsListed), Is.EqualTo(new[] { 5, 10, 15 }), "one report per ListFragments page");
        Assert.That(reports.Where(r => r.FragmentsToWrite > 0).Select(r => r.FragmentsWritten), Is.EqualTo(Enumerable.Range(1, 12)), "one report per fragment written");
        Assert.That(reports[^1].ProducerTimestamp, Is.EqualTo(stored[^1].ProducerTimestamp));
    }

    [Test]
    public async Task GetMediaForFragmentList_reads_the_fragments_in_the_order_asked_and_resumes_after_drops_with_the_ones_not_delivered()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 8, AnHourAgo);
        var asked = new[] { stored[5], stored[0], stored[7], stored[2], stored[3] };
        Kvs.Faults.GetMedia.DropAfterBytes(1_500, responses: 3);
        Kvs.Faults.GetMedia.DropDrainTime = TimeSpan.FromMilliseconds(2);
        var numbers = new List<string>();
        using var timeout = new CancellationTokenSource(s_bound);

        await foreach (var fragment in Client().ReadMediaForFragmentListAsync(new GetMediaForFragmentListRequest { StreamName = Stream, Fragments = [.. asked.Select(f => f.FragmentNumber)] }, cancellationToken: timeout.Token))
        {
            var expected = asked[numbers.Count];
            Assert.That(fragment.Frames.Select(f => f.ToArray()), Is.EqualTo(expected.Frames.Select(f => f.Data.ToArray())));
            numbers.Add(fragment.FragmentNumber!);
        }

        Assert.That(numbers, Is.EqualTo(asked.Select(f => f.FragmentNumber)));
        Assert.That(_logs.Count(201) + _logs.Count(202) + _logs.Count(2), Is.EqualTo(3), "each drop was resumed");
    }

    [Test]
    public async Task A_fragment_the_service_cannot_serve_is_a_typed_error_or_when_asked_an_error_item_and_the_list_goes_on()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 2, AnHourAgo);
        const string missing = "91343852333181432511524306419788296366724220000";
        var request = new GetMediaForFragmentListRequest { StreamName = Stream, Fragments = [stored[0].FragmentNumber, missing, stored[1].FragmentNumber] };
        var client = Client();

        var error = Assert.ThrowsAsync<FragmentErrorException>(async () =>
        {
            await foreach (var _ in client.ReadMediaForFragmentListAsync(request))
            {
            }
        });
        var items = new List<(string? Number, bool IsError, long? ErrorId)>();
        await foreach (var item in client.ReadMediaForFragmentListAsync(request, FragmentErrorHandling.Yield))
        {
            items.Add((item.FragmentNumber, item.IsError, item.ErrorId));
        }

        Assert.That((error!.ErrorId, error.FragmentNumber), Is.EqualTo(((long?)4000, missing)));
        Assert.That(error.ErrorCode, Does.Contain("not found"));
        Assert.That(items, Is.EqualTo(new (string?, bool, long?)[] { (stored[0].FragmentNumber, false, null), (missing, true, 4000), (stored[1].FragmentNumber, false, null) }));
    }

    [Test]
    public async Task Tracks_that_change_inside_the_range_stop_the_download_with_the_file_finished_up_to_the_change()
    {
        await CreateStreamAsync(Stream);
        var start = AnHourAgo;
        var before = Store(RealFragments(start, repeat: 1));
        var other = MediaSeeding.Header(MediaSeeding.VideoTrack);
        Store([.. RealFragments(start.AddSeconds(10), repeat: 1).Select(f => f with { Header = other })]);
        var path = Path.Combine(_directory, "changed.mkv");

        await using (var file = File.Create(path))
        {
            var error = Assert.ThrowsAsync<MkvTracksChangedException>(() => Client().DownloadMediaAsync(Range(start), file));
            Assert.That(error!.FragmentTracks.Single().PixelWidth, Is.EqualTo(640));
        }

        Assert.That(MkvOracle.FfprobePackets(path), Has.Count.EqualTo(before.Sum(f => f.Frames.Count)));
        Assert.That(MkvOracle.MkvinfoText(path), Does.Contain("+ Cues"), "finished, not cut short");
    }

    [Test]
    public void Invalid_download_requests_are_refused_before_anything_is_sent()
    {
        var client = Client();
        using var sink = new MemoryStream();

        Assert.Throws<ArgumentException>(() => client.DownloadMediaAsync(new DownloadMediaRequest { StreamName = Stream }, sink));
        Assert.Throws<ArgumentException>(() => client.DownloadMediaAsync(Range(AnHourAgo, batchSize: 1001), sink));
        Assert.Throws<ArgumentException>(() => client.DownloadMediaAsync(new DownloadMediaRequest { FragmentSelector = Range(AnHourAgo).FragmentSelector }, sink));
        Assert.Throws<ArgumentNullException>(() => client.DownloadMediaAsync(Range(AnHourAgo), null!));
        Assert.Throws<ArgumentException>(() => client.ReadMediaForFragmentListAsync(new GetMediaForFragmentListRequest { StreamName = Stream, Fragments = [] }));
    }

    private static List<long> DecodingTimestamps(string path) =>
        [.. ExternalTool.RunChecked("ffprobe", "-v", "error", "-show_packets", "-of", "csv=p=0", "-show_entries", "packet=dts", path).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(d => d != "N/A")
            .Select(d => long.Parse(d, System.Globalization.CultureInfo.InvariantCulture))];

    private static DownloadMediaRequest Range(DateTimeOffset start, int listPageSize = 1000, int batchSize = 100) => new()
    {
        StreamName = Stream,
        ListPageSize = listPageSize,
        BatchSize = batchSize,
        FragmentSelector = new FragmentSelector
        {
            FragmentSelectorType = FragmentSelectorType.PRODUCER_TIMESTAMP,
            TimestampRange = new TimestampRange { StartTimestamp = start, EndTimestamp = start.AddMinutes(30) },
        },
    };

    // The sample's two real H.264 fragments, `repeat` times back to back, 2 s each.
    private List<StoredFragment> RealFragments(DateTimeOffset start, int repeat)
    {
        var once = SampleFragments.From(Kvs, "h264.mkv", start);
        return [.. Enumerable.Range(0, repeat).SelectMany(r => once.Select(f => f with
        {
            FragmentNumber = Kvs.State.FragmentNumbers.Next(),
            ClusterTimecode = f.ClusterTimecode + (r * 2000),
            ProducerTimestamp = f.ProducerTimestamp.AddSeconds(r * 2),
            ServerTimestamp = f.ServerTimestamp.AddSeconds(r * 2),
        }))];
    }

    private List<StoredFragment> Store(List<StoredFragment> fragments)
    {
        fragments.ForEach(MediaSeeding.MediaOf(Kvs, Stream).Append);
        return fragments;
    }

    private KinesisVideoArchivedMediaClient Client()
    {
        var client = new KinesisVideoArchivedMediaClient(ClientOptionsWithoutDelays(_logs));
        _disposables.Add(client);
        return client;
    }

    private sealed class SynchronousProgress(List<MediaDownloadProgress> reports) : IProgress<MediaDownloadProgress>
    {
        public void Report(MediaDownloadProgress value) => reports.Add(value);
    }
}
