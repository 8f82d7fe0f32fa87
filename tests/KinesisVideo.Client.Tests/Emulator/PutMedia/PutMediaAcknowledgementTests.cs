using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

public sealed partial class PutMediaAcknowledgementTests : PutMediaTest
{
    [Test]
    public async Task Acks_of_a_fragment_arrive_while_the_request_body_is_still_open()
    {
        await CreateStreamAsync("cam");
        var mkv = new ProducerMkv();
        await using var connection = await OpenAsync("cam");
        Assert.That(connection.Status, Is.EqualTo(200));
        Assert.That(connection.ResponseHeaders["Content-Type"], Does.StartWith("application/json"));

        await connection.WriteChunkAsync(ProducerMkv.Concat(mkv.Header(), mkv.Fragment(Epoch2026, endOfFragment: true)));
        var first = new List<Ack>();
        await connection.ReadUntilAsync("PERSISTED", first);
        Assert.That(first.Select(a => a.EventType), Is.EqualTo(new[] { "BUFFERING", "RECEIVED", "PERSISTED" }));
        Assert.That(first.Select(a => a.FragmentTimecode), Is.All.EqualTo(Epoch2026));
        Assert.That(first.Select(a => a.FragmentNumber).Distinct().Count(), Is.EqualTo(1));
        Assert.That(first[0].Json, Does.Match(FlatAck()));

        // Fragment 2 is sent only now; its acks come, then the body ends and so does the response.
        await connection.WriteChunkAsync(mkv.Fragment(Epoch2026 + 1000));
        var buffering = await connection.ReadUntilAsync("BUFFERING");
        await connection.EndBodyAsync();
        var rest = await connection.ReadToEndAsync();
        Assert.That(rest.Select(a => a.EventType), Is.EqualTo(new[] { "RECEIVED", "PERSISTED" }));
        Assert.That(rest.Select(a => a.FragmentNumber), Is.All.EqualTo(buffering.FragmentNumber));
        Assert.That(Stored("cam"), Has.Count.EqualTo(2));
    }

    [GeneratedRegex("""^\{"EventType":"BUFFERING","FragmentTimecode":\d+,"FragmentNumber":"\d{47}"\}$""")]
    private static partial Regex FlatAck();
}
