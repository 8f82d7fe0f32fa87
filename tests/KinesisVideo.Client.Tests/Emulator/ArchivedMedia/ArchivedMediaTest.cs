using System.Globalization;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.ArchivedMedia;

/// <summary>
/// An emulator test that calls the archived media API on the data endpoint, where the service
/// serves it, with a stream "cam" of 24 hours' retention created for every test.
/// </summary>
public abstract class ArchivedMediaTest : EmulatorTest
{
    private protected const string Stream = "cam";

    private protected SignedCaller Data { get; private set; } = null!;

    private protected string StreamArn { get; private set; } = null!;

    [SetUp]
    public async Task CreateStreamOnDataEndpoint()
    {
        Data = CallerFor(Kvs.DataEndpoint);
        StreamArn = await CreateStreamAsync(Stream);
    }

    [TearDown]
    public void DisposeDataCaller() => Data.Dispose();

    /// <summary>A time as the wire carries it: epoch seconds with milliseconds.</summary>
    private protected static string Epoch(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> fragments one second apart, the first <paramref name="ago"/> before now (server and producer time alike).</summary>
    private protected IReadOnlyList<StoredFragment> SeedAgo(TimeSpan ago, int count, string stream = Stream, ProducerHeader? header = null) =>
        MediaSeeding.Seed(Kvs, stream, count, Time.GetUtcNow() - ago, header);

    /// <summary>Stores one fragment of <paramref name="header"/> with the given timestamps.</summary>
    private protected StoredFragment Store(ProducerHeader header, DateTimeOffset producer, DateTimeOffset server, bool persisted = true)
    {
        var fragment = MediaSeeding.Fragment(Kvs, header, producer, server, persisted: persisted);
        MediaSeeding.MediaOf(Kvs, Stream).Append(fragment);
        return fragment;
    }

    /// <summary>A copy of <paramref name="basis"/> with another number, codec id or codec private data.</summary>
    private protected static MkvTrackEntry Track(MkvTrackEntry basis, ulong? number = null, string? codecId = null, byte[]? codecPrivate = null) => new()
    {
        TrackNumber = number ?? basis.TrackNumber,
        TrackUid = number ?? basis.TrackUid,
        TrackType = basis.TrackType,
        CodecId = codecId ?? basis.CodecId,
        CodecPrivate = codecPrivate ?? basis.CodecPrivate,
        PixelWidth = basis.PixelWidth,
        PixelHeight = basis.PixelHeight,
        SamplingFrequency = basis.SamplingFrequency,
        Channels = basis.Channels,
    };
}
