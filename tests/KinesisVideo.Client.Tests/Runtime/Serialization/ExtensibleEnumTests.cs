using System.Text.Json;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.Runtime.Serialization;

namespace KinesisVideo.Client.Tests.Runtime.Serialization;

public class ExtensibleEnumTests
{
    [Test]
    public void A_known_value_reads_as_the_named_value()
    {
        Assert.That(ReadStatus("\"DELETING\""), Is.EqualTo(Status.DELETING));
    }

    [Test]
    public void A_value_the_client_does_not_know_parses_and_round_trips()
    {
        var status = ReadStatus("\"ARCHIVED\"");
        var json = JsonSerializer.Serialize(new DescribeStreamResponse { StreamInfo = new StreamInfo { Status = status } }, ControlPlaneJsonContext.Default.DescribeStreamResponse);

        Assert.Multiple(() =>
        {
            Assert.That(status!.Value.Value, Is.EqualTo("ARCHIVED"));
            Assert.That(status.Value.ToString(), Is.EqualTo("ARCHIVED"));
            Assert.That(status, Is.Not.EqualTo(Status.ACTIVE));
            Assert.That(json, Is.EqualTo("""{"StreamInfo":{"Status":"ARCHIVED"}}"""));
        });
    }

    [Test]
    public void Values_compare_by_their_wire_string_and_are_case_sensitive()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Status("ACTIVE") == Status.ACTIVE, Is.True);
            Assert.That(new Status("ACTIVE").GetHashCode(), Is.EqualTo(Status.ACTIVE.GetHashCode()));
            Assert.That(new Status("active") == Status.ACTIVE, Is.False);
            Assert.That((Status)"CREATING", Is.EqualTo(Status.CREATING));
        });
    }

    [Test]
    public void A_non_string_value_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => ReadStatus("42"));
    }

    private static Status? ReadStatus(string json) =>
        JsonSerializer.Deserialize("""{"StreamInfo":{"Status":""" + json + "}}", ControlPlaneJsonContext.Default.DescribeStreamResponse)!.StreamInfo!.Status;
}
