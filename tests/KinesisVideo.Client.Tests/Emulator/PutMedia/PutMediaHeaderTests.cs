using KinesisVideo.Client.Tests.Support;
using KinesisVideo.Emulator;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed class PutMediaHeaderTests : PutMediaTest
{
    private string _arn = "";

    [SetUp]
    public async Task CreateStream() => _arn = await CreateStreamAsync("cam");

    [TestCase(PayloadHash.UnsignedPayload)]
    [TestCase(PayloadHash.EmptyBody)]
    public async Task Either_payload_hash_is_accepted_and_the_stream_can_be_named_by_arn(PayloadHash hash)
    {
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync(null, streamArn: _arn, payloadHash: hash);
        Assert.That(connection.Status, Is.EqualTo(200));
        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await connection.EndBodyAsync();
        Assert.That((await connection.ReadToEndAsync()).Select(a => a.EventType), Is.EqualTo(new[] { "BUFFERING", "RECEIVED", "PERSISTED" }));
    }

    [Test]
    public Task No_stream_header_is_an_invalid_argument() => ExpectRefusalAsync(OpenAsync(null), 400, "InvalidArgumentException");

    [Test]
    public Task An_unknown_stream_is_not_found() => ExpectRefusalAsync(OpenAsync("nope"), 404, "ResourceNotFoundException");

    [TestCase(null)]
    [TestCase("absolute")]
    [TestCase("SOMETIMES")]
    public Task A_missing_or_unknown_timecode_type_is_an_invalid_argument(string? type) =>
        ExpectRefusalAsync(OpenAsync("cam", timecodeType: type), 400, "InvalidArgumentException");

    [TestCase("1663277247,152")]
    [TestCase("-5")]
    [TestCase("1.2e9")]
    [TestCase("soon")]
    public Task A_malformed_start_timestamp_is_an_invalid_argument(string timestamp) =>
        ExpectRefusalAsync(OpenAsync("cam", startTimestamp: timestamp), 400, "InvalidArgumentException");

    [Test]
    public Task Relative_timecodes_need_a_start_timestamp() =>
        ExpectRefusalAsync(OpenAsync("cam", timecodeType: "RELATIVE", startTimestamp: null), 400, "InvalidArgumentException");

    [Test]
    public async Task Absolute_timecodes_do_not_need_a_start_timestamp()
    {
        await using var connection = await OpenAsync("cam", startTimestamp: null);
        Assert.That(connection.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task A_second_connection_to_a_stream_is_refused_while_the_first_is_open()
    {
        var mkv = new ProducerMkv();
        await using var first = await OpenAsync("cam");
        await ExpectRefusalAsync(OpenAsync("cam"), 400, "ConnectionLimitExceededException");

        // Once the first ends, the stream takes a new one.
        await first.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026)));
        await first.EndBodyAsync();
        await first.ReadToEndAsync();
        await Eventually.WaitUntilAsync(() => MediaSeedingLeaseFree("cam")).WaitAsync(TimeSpan.FromSeconds(10));
        await using var second = await OpenAsync("cam");
        Assert.That(second.Status, Is.EqualTo(200));
    }

    [Test]
    public Task A_tampered_signature_is_refused_before_any_200() =>
        ExpectRefusalAsync(OpenAsync("cam", tamper: head => head.Replace("x-amzn-stream-name: cam", "x-amzn-stream-name: other", StringComparison.Ordinal)), 403, "InvalidSignatureException");

    private bool MediaSeedingLeaseFree(string stream)
    {
        using var lease = Support.MediaSeeding.MediaOf(Kvs, stream).TryBeginIngest();
        return lease is not null;
    }

    internal static async Task ExpectRefusalAsync(Task<RawPutMediaConnection> opening, int status, string code)
    {
        await using var connection = await opening;
        var body = await connection.ReadErrorBodyAsync();
        Assert.Multiple(() =>
        {
            Assert.That(connection.Status, Is.EqualTo(status));
            Assert.That(connection.ErrorCode, Is.EqualTo(code));
            Assert.That(body.GetProperty("Message").GetString(), Is.Not.Empty);
        });
    }
}

public sealed class PutMediaInactiveStreamTests : PutMediaTest
{
    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.StreamActivationDelay = TimeSpan.FromSeconds(5);

    [Test]
    public async Task A_stream_still_creating_is_refused_as_not_found()
    {
        await CreateStreamAsync("young");
        await PutMediaHeaderTests.ExpectRefusalAsync(OpenAsync("young"), 404, "ResourceNotFoundException");
    }
}
