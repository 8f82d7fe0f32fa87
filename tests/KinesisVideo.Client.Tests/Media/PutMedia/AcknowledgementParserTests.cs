using System.Buffers;
using System.Text;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>Acknowledgements read from the PutMedia response however its bytes are cut.</summary>
public class AcknowledgementParserTests
{
    // As the service sends them (flat, PascalCase, one per line), with an unknown key, an IDLE without
    // a timecode, an ERROR, quoted numbers, and the API reference's wrapped shape.
    private const string Stream =
        "{\"EventType\":\"BUFFERING\",\"FragmentTimecode\":1663277247152,\"FragmentNumber\":\"91343852333181432511524306419788296366724229586\"}\n"
        + "{\"EventType\":\"IDLE\"}\r\n"
        + "  {\"EventType\":\"RECEIVED\",\"FragmentTimecode\":\"1663277247152\",\"FragmentNumber\":\"91343852333181432511524306419788296366724229586\",\"Future\":{\"a\":[1,2]}}\n"
        + "{\"EventType\":\"ERROR\",\"FragmentTimecode\":1663277249152,\"ErrorId\":4004,\"ErrorCode\":\"FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS\"}\n"
        + "{\"Acknowledgement\":{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":1663277247152,\"FragmentNumber\":\"9134\",\"ErrorId\":\"5001\"}}\n";

    private static readonly string[] s_expected =
    [
        "BUFFERING 1663277247152 91343852333181432511524306419788296366724229586 - -",
        "IDLE - - - -",
        "RECEIVED 1663277247152 91343852333181432511524306419788296366724229586 - -",
        "ERROR 1663277249152 - 4004 FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS",
        "PERSISTED 1663277247152 9134 5001 -",
    ];

    [Test]
    public void A_whole_stream_reads_as_its_acknowledgements() =>
        Assert.That(Read(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Stream)), int.MaxValue), Is.EqualTo(s_expected));

    [Test]
    public void Every_two_piece_split_and_every_feeding_step_read_the_same()
    {
        var bytes = Encoding.ASCII.GetBytes(Stream);
        for (var at = 1; at < bytes.Length; at++)
        {
            Assert.That(Read(TestInputs.Split(bytes, at), int.MaxValue), Is.EqualTo(s_expected), $"split at {at}");
        }

        foreach (var step in new[] { 1, 2, 3, 10, 64 })
        {
            Assert.That(Read(new ReadOnlySequence<byte>(bytes), step), Is.EqualTo(s_expected), $"fed {step} at a time");
        }
    }

    [Test]
    public void An_incomplete_acknowledgement_consumes_nothing_but_the_whitespace_before_it()
    {
        var partial = new ReadOnlySequence<byte>("\n  {\"EventType\":\"BUFF"u8.ToArray());

        Assert.That(AcknowledgementParser.TryParse(partial, out _, out var consumed, out var examined), Is.False);
        Assert.That(partial.Slice(0, consumed).Length, Is.EqualTo(3));
        Assert.That(examined, Is.EqualTo(partial.End));
    }

    [TestCase("<html>502 Bad Gateway</html>")]
    [TestCase("{\"EventType\":}")]
    [TestCase("{\"FragmentTimecode\":1}")]
    [TestCase("{\"EventType\":\"ERROR\",\"ErrorId\":\"four\"}")]
    [TestCase("{\"EventType\":\"ERROR\",\"ErrorId\":99999999999}")]
    public void What_is_not_an_acknowledgement_is_an_invalid_response(string text)
    {
        var error = Assert.Throws<HttpRequestException>(() => AcknowledgementParser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), out _, out _, out _));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.InvalidResponse));
    }

    [Test]
    public void An_acknowledgement_that_never_ends_is_refused_once_it_passes_the_limit()
    {
        var endless = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("{\"EventType\":\"" + new string('x', AcknowledgementParser.MaxAcknowledgementBytes)));
        Assert.Throws<HttpRequestException>(() => AcknowledgementParser.TryParse(endless, out _, out _, out _));
    }

    // Reveals the input step bytes at a time, keeping what the parser did not consume, as a pipe does.
    private static List<string> Read(ReadOnlySequence<byte> input, long step)
    {
        var acks = new List<string>();
        var unconsumed = Array.Empty<byte>();
        for (long offset = 0; offset < input.Length; offset += step)
        {
            var take = Math.Min(step, input.Length - offset);
            var buffer = offset == 0 && take == input.Length ? input : TestInputs.Split([.. unconsumed, .. input.Slice(offset, take).ToArray()], Math.Max(1, unconsumed.Length));
            var rest = buffer;
            SequencePosition consumed;
            while (AcknowledgementParser.TryParse(rest, out var ack, out consumed, out _))
            {
                acks.Add(FormattableString.Invariant($"{ack.EventType} {(object?)ack.FragmentTimecode ?? "-"} {ack.FragmentNumber ?? "-"} {(object?)ack.ErrorId ?? "-"} {ack.ErrorCode ?? "-"}"));
                rest = rest.Slice(consumed);
            }

            unconsumed = rest.Slice(consumed).ToArray();
        }

        return acks;
    }
}
