using System.Text.Json;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.Runtime.Serialization;

namespace KinesisVideo.Client.Tests.Runtime.Serialization;

public class EpochSecondsConverterTests
{
    [TestCase("1700000000", 1_700_000_000_000L)]
    [TestCase("1700000000.123", 1_700_000_000_123L)]
    [TestCase("1.700000000123E9", 1_700_000_000_123L)]
    [TestCase("1.700000000123e+9", 1_700_000_000_123L)]
    [TestCase("17000000001230E-4", 1_700_000_000_123L)]
    [TestCase("\"1700000000.5\"", 1_700_000_000_500L)]
    [TestCase("0", 0L)]
    [TestCase("-1.5", -1_500L)]
    public void Reads_epoch_seconds_in_every_number_form(string json, long expectedUnixMilliseconds)
    {
        var info = Read($$"""{"CreationTime":{{json}}}""");

        Assert.That(info.CreationTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(expectedUnixMilliseconds)));
    }

    [Test]
    public void Keeps_sub_millisecond_precision_on_read()
    {
        var info = Read("""{"CreationTime":1700000000.1234567}""");

        Assert.That(info.CreationTime!.Value.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).UtcTicks, Is.EqualTo(1_234_567));
    }

    [TestCase("null")]
    public void An_explicit_null_reads_as_absent(string json)
    {
        Assert.That(Read($$"""{"CreationTime":{{json}}}""").CreationTime, Is.Null);
    }

    [TestCase("\"yesterday\"")]
    [TestCase("true")]
    [TestCase("1e400")]
    [TestCase("99999999999999")]
    public void Rejects_what_is_not_a_timestamp_with_a_json_error(string json)
    {
        Assert.Throws<JsonException>(() => Read($$"""{"CreationTime":{{json}}}"""));
    }

    [Test]
    public void Writes_milliseconds_as_fractional_seconds()
    {
        var json = JsonSerializer.Serialize(
            new DescribeStreamResponse { StreamInfo = new StreamInfo { CreationTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_120) } },
            ControlPlaneJsonContext.Default.DescribeStreamResponse);

        Assert.That(json, Is.EqualTo("""{"StreamInfo":{"CreationTime":1700000000.12}}"""));
    }

    [Test]
    public void Round_trips_whole_seconds_without_a_fraction()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var json = JsonSerializer.Serialize(new DescribeStreamResponse { StreamInfo = new StreamInfo { CreationTime = time } }, ControlPlaneJsonContext.Default.DescribeStreamResponse);

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"CreationTime\":1700000000}"));
            Assert.That(JsonSerializer.Deserialize(json, ControlPlaneJsonContext.Default.DescribeStreamResponse)!.StreamInfo!.CreationTime, Is.EqualTo(time));
        });
    }

    private static StreamInfo Read(string streamInfoJson) =>
        JsonSerializer.Deserialize($$"""{"StreamInfo":{{streamInfoJson}}}""", ControlPlaneJsonContext.Default.DescribeStreamResponse)!.StreamInfo!;
}
