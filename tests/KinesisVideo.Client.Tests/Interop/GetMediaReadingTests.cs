using System.Collections.Concurrent;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
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
/// The parsed, self-resuming GetMedia against the emulator on the real clock (its GetMedia ends a
/// caught-up response after 300 ms). Resume delays are zero here, so nothing waits on real time;
/// the delays themselves are tested on the fake clock (GetMediaResumeTests).
/// </summary>
public class GetMediaReadingTests : InteropTest
{
    private const string Stream = "cam";
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private readonly List<IDisposable> _clients = [];

    private CapturingLoggerProvider Logs { get; set; } = null!;

    [SetUp]
    public void CreateLogs() => Logs = new CapturingLoggerProvider();

    [TearDown]
    public void DisposeClients()
    {
        _clients.ForEach(c => c.Dispose());
        Logs.Dispose();
    }

    [Test]
    public async Task Two_thousand_fragments_through_200_seeded_disconnects_arrive_each_once_in_order_and_byte_identical()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 2000, AnHourAgo.AddMinutes(-30));
        // Cut within 2 ms rather than exactly at each budget: 200 drops, not 200 x 100 ms of waiting.
        Kvs.Faults.GetMedia.DropDrainTime = TimeSpan.FromMilliseconds(2);
        var cuts = new Random(2000);
        for (var i = 0; i < 200; i++)
        {
            Kvs.Faults.GetMedia.DropAfterBytes(cuts.Next(0, 20_000));
        }

        var media = Reader();
        var index = 0;
        using var timeout = new CancellationTokenSource(s_bound);
        await foreach (var fragment in media.ReadMediaAsync(Selector(StartSelectorType.EARLIEST), cancellationToken: timeout.Token))
        {
            Assert.That(index, Is.LessThan(stored.Count), "no fragment beyond the stored ones");
            AssertSame(fragment, stored[index]);
            index++;
        }

        Assert.That(index, Is.EqualTo(stored.Count));
        // A drop before the response headers is retried by the call itself (event 2), any later one by the read.
        Assert.That(Logs.Count(201) + Logs.Count(202) + Logs.Count(2), Is.EqualTo(200), "every disconnect was resumed, once");
        Assert.That(Logs.Count(205), Is.EqualTo(1), "the read ended, caught up");
        var everything = string.Join('\n', Logs.Entries);
        Assert.That(everything, Does.Not.Contain(Kvs.Credentials[0].SecretAccessKey).And.Not.Contain("Signature=").And.Not.Contain("X-Amz-Signature"), "no secret in the logs of 200 resumes");
    }

    [Test]
    public async Task A_bounded_read_ends_once_a_response_ends_without_a_new_fragment()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 5, AnHourAgo);

        var numbers = await ReadAllAsync(Reader(), Selector(StartSelectorType.EARLIEST));

        Assert.That(numbers, Is.EqualTo(stored.Select(f => f.FragmentNumber)));
        Assert.That(Logs.Count(200), Is.EqualTo(2), "a second connection confirmed there was nothing more");
        Assert.That(Logs.Count(205), Is.EqualTo(1));
    }

    [Test]
    public async Task A_live_read_gets_fragments_stored_after_it_began_including_ones_stored_between_two_connections()
    {
        await CreateStreamAsync(Stream);
        MediaSeeding.Seed(Kvs, Stream, 3, AnHourAgo);
        using var timeout = new CancellationTokenSource(s_bound);
        await using var read = Reader().ReadMediaAsync(Selector(StartSelectorType.NOW), cancellationToken: timeout.Token).GetAsyncEnumerator();
        var next = read.MoveNextAsync().AsTask();

        // The first NOW response ends empty; the fragment is stored while the reader is caught up and
        // reconnecting, so a plain NOW on the next connection could miss it.
        await Eventually.WaitUntilAsync(() => Logs.Count(203) >= 1);
        var first = AppendNow();
        Assert.That(await next, Is.True);
        Assert.That(read.Current.FragmentNumber, Is.EqualTo(first.FragmentNumber));

        var caughtUp = Logs.Count(203);
        next = read.MoveNextAsync().AsTask();
        await Eventually.WaitUntilAsync(() => Logs.Count(203) > caughtUp);
        var second = AppendNow(seed: 2);
        Assert.That(await next, Is.True);
        AssertSame(read.Current, second);
        Assert.That(Logs.Entries, Has.Some.Contains("SERVER_TIMESTAMP").And.Contains("NOW when the read began"));
    }

    [Test]
    public async Task An_error_tag_ends_the_read_with_its_typed_exception()
    {
        await CreateStreamAsync(Stream);
        MediaSeeding.Seed(Kvs, Stream, 2, AnHourAgo);
        const string missing = "91343852333181432511524306419788296366724220000";

        var error = Assert.ThrowsAsync<FragmentErrorException>(() => ReadAllAsync(Reader(), Selector(StartSelectorType.FRAGMENT_NUMBER, afterFragmentNumber: missing)));

        Assert.That(error!.ErrorId, Is.EqualTo(FragmentErrorException.FragmentNotFound));
        Assert.That(error.ErrorCode, Is.EqualTo("Requested fragment is not found"));
        Assert.That(error.FragmentNumber, Is.EqualTo(missing));
        Assert.That(error.IsRetryable, Is.False);
        Assert.That(Logs.Count(204), Is.EqualTo(1));
    }

    [Test]
    public async Task Asked_to_skip_errors_the_read_hands_over_the_error_and_goes_on_from_the_oldest_fragment_kept()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 3, AnHourAgo);
        const string missing = "91343852333181432511524306419788296366724220000";
        var items = new List<(bool IsError, long? ErrorId, string? Number)>();
        using var timeout = new CancellationTokenSource(s_bound);

        await foreach (var item in Reader().ReadMediaAsync(Selector(StartSelectorType.FRAGMENT_NUMBER, afterFragmentNumber: missing), new GetMediaReadOptions { OnFragmentError = FragmentErrorHandling.Yield }, timeout.Token))
        {
            items.Add((item.IsError, item.ErrorId, item.FragmentNumber));
        }

        Assert.That(items, Is.EqualTo(new (bool, long?, string?)[] { (true, 4000, missing) }.Concat(stored.Select(f => (false, (long?)null, (string?)f.FragmentNumber)))));
    }

    [Test]
    public async Task Throttled_connections_are_retried_until_the_read_gets_through()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 3, AnHourAgo);
        // More than the unary retries absorb (3), so the read's own resume retries too.
        Kvs.Faults.ThrottleNext("GetMedia", 6);

        var numbers = await ReadAllAsync(Reader(), Selector(StartSelectorType.EARLIEST));

        Assert.That(numbers, Is.EqualTo(stored.Select(f => f.FragmentNumber)));
        Assert.That(Logs.Count(202), Is.EqualTo(1));
        Assert.That(Logs.Entries, Has.Some.Contains("ClientLimitExceededException"));
    }

    [Test]
    public async Task A_moved_data_endpoint_is_looked_up_again_and_the_read_goes_on_there()
    {
        await CreateStreamAsync(Stream);
        var stored = MediaSeeding.Seed(Kvs, Stream, 4, AnHourAgo);
        var requests = new ConcurrentQueue<Uri>();
        var handler = new RecordingHandler(requests);
        _clients.Add(handler);
        var media = Reader(options => options.HttpMessageHandler = handler);
        var numbers = new List<string>();
        Uri? moved = null;
        using var timeout = new CancellationTokenSource(s_bound);

        await foreach (var fragment in media.ReadMediaAsync(Selector(StartSelectorType.EARLIEST), cancellationToken: timeout.Token))
        {
            numbers.Add(fragment.FragmentNumber!);
            moved ??= await Kvs.Faults.ChangeDataEndpointAsync(timeout.Token);
        }

        Assert.That(numbers, Is.EqualTo(stored.Select(f => f.FragmentNumber)));
        Assert.That(requests.Count(r => r.AbsolutePath == "/getDataEndpoint"), Is.EqualTo(2), "the refused endpoint was dropped and looked up again");
        Assert.That(requests.Last().Authority, Is.EqualTo(moved!.Authority));
    }

    [Test]
    public async Task A_read_recorded_to_a_stream_that_cannot_seek_is_a_file_ffprobe_plays_frame_for_frame()
    {
        await CreateStreamAsync(Stream);
        var stored = SampleFragments.From(Kvs, "h264.mkv", AnHourAgo);
        stored.ForEach(MediaSeeding.MediaOf(Kvs, Stream).Append);
        var path = Path.Combine(Path.GetTempPath(), $"kvs-record-{Guid.NewGuid():N}.mkv");
        try
        {
            await using (var file = File.Create(path))
            await using (var recording = new MkvFileWriter(file, new MkvFileWriterOptions { Seekable = false }))
            {
                using var timeout = new CancellationTokenSource(s_bound);
                await foreach (var fragment in Reader().ReadMediaAsync(Selector(StartSelectorType.EARLIEST), cancellationToken: timeout.Token))
                {
                    await recording.WriteAsync(fragment, timeout.Token);
                }
            }

            var expected = stored.SelectMany(f => f.Frames.Select(x => (f.ClusterTimecode + x.RelativeTimecode - stored[0].ClusterTimecode, x.IsKeyFrame, x.Data.Length)));
            Assert.That(MkvOracle.FfprobePackets(path).Select(p => (p.TimestampMs, p.IsKey, p.Size)), Is.EqualTo(expected));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Invalid_requests_are_refused_before_anything_is_sent()
    {
        var media = Reader();

        Assert.Throws<ArgumentException>(() => media.ReadMediaAsync(new GetMediaRequest { StreamName = Stream }));
        Assert.Throws<ArgumentException>(() => media.ReadMediaAsync(new GetMediaRequest { StartSelector = new StartSelector { StartSelectorType = StartSelectorType.NOW } }));
        Assert.Throws<ArgumentNullException>(() => media.ReadMediaAsync(null!));
    }

    private static GetMediaRequest Selector(StartSelectorType type, string? afterFragmentNumber = null) =>
        new() { StreamName = Stream, StartSelector = new StartSelector { StartSelectorType = type, AfterFragmentNumber = afterFragmentNumber } };

    private static void AssertSame(MediaFragment got, StoredFragment expected)
    {
        Assert.That(got.FragmentNumber, Is.EqualTo(expected.FragmentNumber));
        Assert.That(got.ProducerTimestamp, Is.EqualTo(expected.ProducerTimestamp));
        Assert.That(got.IsComplete, Is.True);
        Assert.That(got.Frames, Has.Count.EqualTo(expected.Frames.Count));
        for (var i = 0; i < expected.Frames.Count; i++)
        {
            var (frame, stored) = (got.Frames[i], expected.Frames[i]);
            if (frame.TrackNumber != stored.TrackNumber || frame.Timecode != expected.ClusterTimecode + stored.RelativeTimecode
                || frame.IsKeyFrame != stored.IsKeyFrame || !System.Buffers.BuffersExtensions.ToArray(frame.Payload).AsSpan().SequenceEqual(stored.Data.Span))
            {
                Assert.Fail($"frame {i} of fragment {expected.FragmentNumber} differs from what was stored");
            }
        }
    }

    private static async Task<List<string>> ReadAllAsync(KinesisVideoMediaClient media, GetMediaRequest request)
    {
        using var timeout = new CancellationTokenSource(s_bound);
        var numbers = new List<string>();
        await foreach (var fragment in media.ReadMediaAsync(request, cancellationToken: timeout.Token))
        {
            numbers.Add(fragment.FragmentNumber!);
        }

        return numbers;
    }

    private StoredFragment AppendNow(int seed = 1)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(Kvs.State.Time.GetUtcNow().ToUnixTimeMilliseconds());
        var fragment = MediaSeeding.Fragment(Kvs, MediaSeeding.Header(), now, now, seed: seed);
        MediaSeeding.MediaOf(Kvs, Stream).Append(fragment);
        return fragment;
    }

    private KinesisVideoMediaClient Reader(Action<KinesisVideoClientOptions>? configure = null)
    {
        var options = ClientOptionsWithoutDelays(Logs);
        configure?.Invoke(options);
        var client = new KinesisVideoMediaClient(options);
        _clients.Add(client);
        return client;
    }

    private sealed class RecordingHandler(ConcurrentQueue<Uri> requests) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
