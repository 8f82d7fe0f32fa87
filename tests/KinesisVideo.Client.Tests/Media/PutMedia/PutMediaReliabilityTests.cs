using System.Buffers;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Interop;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Nothing lost: the upload survives a service that drops its connections at random.</summary>
public class PutMediaReliabilityTests : InteropTest
{
    private const int Fragments = 2000;
    private const int FramesPerFragment = 2;
    private const int Drops = 200;

    [Test]
    public async Task Two_thousand_fragments_through_200_seeded_random_drops_arrive_whole_and_GetMedia_returns_every_frame()
    {
        await CreateStreamAsync("cam");
        var frames = SyntheticVideo.Frames(Fragments, FramesPerFragment, minBytes: 16, maxBytes: 160).ToList();
        var fragmentBytes = frames.Sum(f => f.Data.Length + 13) / Fragments;
        // Drop points over about 12 fragments: the 200 drops come in the first half of the stream.
        Kvs.Faults.PutMedia.DropConnectionsRandomly(seed: 20261201, maxBodyBytes: 12 * fragmentBytes, connections: Drops);

        var options = ClientOptions();
        options.PutMedia.ReconnectBaseDelay = TimeSpan.FromMilliseconds(1);
        options.PutMedia.ReconnectMaxDelay = TimeSpan.FromMilliseconds(5);
        using var media = new KinesisVideoMediaClient(options);
        var origin = AnHourAgo;
        await using var session = await media.StartPutMediaAsync(new PutMediaSessionOptions { StreamName = "cam", Tracks = [SyntheticVideo.Track], TimestampOrigin = origin });

        var connections = new List<PutMediaConnectionEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var item in session.ReadEventsAsync())
            {
                if (item is PutMediaConnectionEvent connection)
                {
                    connections.Add(connection);
                }
            }
        });
        foreach (var frame in frames)
        {
            await session.WriteFrameAsync(frame);
        }

        var summary = await session.CompleteAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await watching.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(connections.Count(c => c.Reason == PutMediaDisconnectReason.Dropped), Is.EqualTo(Drops));
        Assert.That((summary.FragmentsWritten, summary.FragmentsPersisted, summary.FragmentsDropped), Is.EqualTo((Fragments, (long)Fragments, 0L)));

        var timecodes = Enumerable.Range(0, Fragments).Select(i => origin.ToUnixTimeMilliseconds() + (i * FramesPerFragment * 40L)).ToList();
        var stored = Stored("cam");
        var (kept, duplicates) = Deduplicate(stored, f => f.ProducerTimestamp.ToUnixTimeMilliseconds());
        Assert.That(kept.Select(f => f.ProducerTimestamp.ToUnixTimeMilliseconds()), Is.EqualTo(timecodes), "every fragment stored, in strictly increasing producer time");

        // A fragment is stored twice only when the session sent it again: its RECEIVED was lost with the connection.
        var resent = connections.Where(c => c.Connected && c.FragmentsResent > 0)
            .SelectMany(c => timecodes.SkipWhile(t => t != c.ResendFromTimecode).Take(c.FragmentsResent))
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(duplicates.GroupBy(f => f.ProducerTimestamp.ToUnixTimeMilliseconds()).Where(g => !resent.TryGetValue(g.Key, out var times) || times < g.Count()).Select(g => g.Key), Is.Empty);

        var read = await GetMediaFromEarliestAsync(media, "cam");
        var (readKept, _) = Deduplicate(read, f => f.ProducerTimestamp!.Value.ToUnixTimeMilliseconds());
        var got = readKept.SelectMany(f => f.Frames).Select(f => (f.Timecode, f.IsKeyFrame, Convert.ToHexString(f.Data.Span)));
        var expected = frames.Select(f => (origin.ToUnixTimeMilliseconds() + (long)f.Timestamp.TotalMilliseconds, f.IsKeyFrame, Convert.ToHexString(f.Data.Span)));
        Assert.That(got, Is.EqualTo(expected), "GetMedia from EARLIEST returns every frame byte for byte");
    }

    // Keeps the first of each producer timestamp in stream order, as HLS and GetClip do; returns the rest as duplicates.
    private static (List<T> Kept, List<T> Duplicates) Deduplicate<T>(IEnumerable<T> fragments, Func<T, long> timestamp)
    {
        var kept = new List<T>();
        var duplicates = new List<T>();
        var latest = long.MinValue;
        foreach (var fragment in fragments)
        {
            if (timestamp(fragment) > latest)
            {
                kept.Add(fragment);
                latest = timestamp(fragment);
            }
            else
            {
                duplicates.Add(fragment);
            }
        }

        return (kept, duplicates);
    }

    private IReadOnlyList<StoredFragment> Stored(string stream) =>
        [.. Emulator.Support.MediaSeeding.MediaOf(Kvs, stream).Snapshot().Select(s => s.Fragment)];

    private static async Task<IReadOnlyList<KvsMediaFragment>> GetMediaFromEarliestAsync(KinesisVideoMediaClient media, string stream)
    {
        await using var response = await media.GetMediaAsync(new GetMediaRequest
        {
            StreamName = stream,
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST },
        });
        var body = new MemoryStream();
        await response.Payload.CopyToAsync(body).WaitAsync(TimeSpan.FromSeconds(60));
        return KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(body.ToArray()));
    }
}
