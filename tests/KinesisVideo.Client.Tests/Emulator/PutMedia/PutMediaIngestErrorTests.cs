using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed class PutMediaIngestErrorTests : PutMediaTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) =>
        options.Media = options.Media with { MaxTracks = 2, MaxFragmentSizeBytes = 64 * 1024, MaxFragmentMetadata = 4 };

    private string _arn = "";

    [SetUp]
    public async Task CreateStream() => _arn = await CreateStreamAsync("cam");

    [Test]
    public async Task Bytes_that_are_not_mkv_get_4006_and_a_closed_connection()
    {
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync("this is not a matroska document at all"u8.ToArray());
        await ExpectErrorAndCloseAsync(connection, 4006, "INVALID_MKV_DATA");
        Assert.That(Stored("cam"), Is.Empty);
    }

    [Test]
    public async Task A_second_ebml_document_on_one_connection_gets_4006_and_the_first_fragment_stays()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true)));
        await connection.ReadUntilAsync("PERSISTED");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026 + 1000)));
        await ExpectErrorAndCloseAsync(connection, 4006, "INVALID_MKV_DATA");
        Assert.That(Stored("cam"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_fragment_not_after_the_previous_one_gets_4004_and_is_not_stored()
    {
        var mkv = new ProducerMkv();
        var later = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), later.Fragment(Epoch2026 + 5000, endOfFragment: true)));
        await connection.ReadUntilAsync("PERSISTED");
        await connection.WriteChunkAsync(mkv.Fragment(Epoch2026, endOfFragment: true));
        var error = await ExpectErrorAndCloseAsync(connection, 4004, "FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS");
        Assert.That(error.FragmentTimecode, Is.EqualTo(Epoch2026));
        Assert.That(Stored("cam"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task More_tracks_than_allowed_gets_4005()
    {
        var mkv = new ProducerMkv(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack, new MkvTrackEntry { TrackNumber = 3, TrackUid = 3, TrackType = MkvTrackType.Audio, CodecId = MkvTrackEntry.AacCodecId, SamplingFrequency = 8000, Channels = 1 });
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await ExpectErrorAndCloseAsync(connection, 4005, "MORE_THAN_ALLOWED_TRACKS_FOUND");
    }

    [Test]
    public async Task A_frame_on_an_undeclared_track_gets_4010()
    {
        var declared = new ProducerMkv();
        var twoTracks = new ProducerMkv(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack);
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(declared.Header(), twoTracks.Fragment(Epoch2026)));
        await ExpectErrorAndCloseAsync(connection, 4010, "TRACK_NUMBER_MISMATCH");
        Assert.That(Stored("cam"), Is.Empty);
    }

    [Test]
    public async Task A_declared_track_without_frames_gets_4011()
    {
        var twoTracks = new ProducerMkv(MediaSeeding.VideoTrack, MediaSeeding.AudioTrack);
        var videoOnly = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(twoTracks.Header(), videoOnly.Fragment(Epoch2026, endOfFragment: true)));
        await ExpectErrorAndCloseAsync(connection, 4011, "FRAMES_MISSING_FOR_TRACK");
        Assert.That(Stored("cam"), Is.Empty);
    }

    [Test]
    public async Task A_fragment_over_the_size_limit_gets_4001_before_the_rest_of_it_is_sent()
    {
        var mkv = new ProducerMkv();
        var big = mkv.Frame(1, Epoch2026, isKeyFrame: true, new byte[200 * 1024]);
        await using var connection = await OpenAsync("cam");

        // The frame declares 200 KiB against a 64 KiB limit: the first 1 KiB of it is enough.
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), big.AsSpan(0, 1024).ToArray()));
        await ExpectErrorAndCloseAsync(connection, 4001, "MAX_FRAGMENT_SIZE_REACHED");
    }

    [Test]
    public async Task Frames_spanning_more_than_the_duration_limit_get_4002()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(
            mkv.Header(),
            mkv.Frame(1, Epoch2026, isKeyFrame: true, new byte[32]),
            mkv.Frame(1, Epoch2026 + 10_001, isKeyFrame: false, new byte[32])));
        await ExpectErrorAndCloseAsync(connection, 4002, "MAX_FRAGMENT_DURATION_REACHED");
    }

    [Test]
    public async Task A_metadata_name_beginning_with_aws_gets_4012()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), ProducerMkv.RawTags("AWS_MINE", "x"), mkv.Fragment(Epoch2026)));
        await ExpectErrorAndCloseAsync(connection, 4012, "INVALID_FRAGMENT_METADATA");
    }

    [Test]
    public async Task More_metadata_tags_than_allowed_get_4009()
    {
        var mkv = new ProducerMkv();
        var tags = Enumerable.Range(0, 5).Select(i => ($"name{i}", "value")).ToArray();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, metadata: tags)));
        await ExpectErrorAndCloseAsync(connection, 4009, "FRAGMENT_METADATA_LIMIT_REACHED");
    }

    [Test]
    public async Task Deleting_the_stream_while_ingesting_gets_4008()
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true)));
        await connection.ReadUntilAsync("PERSISTED");
        (await Caller.PostAsync("/deleteStream", $$"""{"StreamARN":"{{_arn}}"}""")).Ok();
        await connection.WriteChunkAsync(mkv.Fragment(Epoch2026 + 1000));
        await ExpectErrorAndCloseAsync(connection, 4008, "STREAM_NOT_ACTIVE");
    }
}
