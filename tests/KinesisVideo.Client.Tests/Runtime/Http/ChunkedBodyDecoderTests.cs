using System.Buffers;
using System.Text;
using KinesisVideo.Client.Runtime.Http;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Runtime.Http;

/// <summary>Chunked framing removed however the bytes are cut (Kestrel's contract).</summary>
public class ChunkedBodyDecoderTests
{
    // Two acknowledgements, the second split across chunks, an extension, upper-case hex, a trailer.
    private const string Body =
        "53\r\n{\"EventType\":\"BUFFERING\",\"FragmentTimecode\":1795262400000,\"FragmentNumber\":\"9134\"}\n\r\n"
        + "A;name=value\r\n{\"EventTyp\r\n"
        + "f\r\ne\":\"RECEIVED\"}\n\r\n"
        + "0\r\nx-trailer: ignored\r\n\r\n";

    private const string Decoded =
        "{\"EventType\":\"BUFFERING\",\"FragmentTimecode\":1795262400000,\"FragmentNumber\":\"9134\"}\n{\"EventType\":\"RECEIVED\"}\n";

    [Test]
    public void A_whole_body_decodes_to_its_data_and_completes()
    {
        var (data, complete, rest) = Decode(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Body + "NEXT")), step: int.MaxValue);

        Assert.That(data, Is.EqualTo(Decoded));
        Assert.That(complete, Is.True);
        Assert.That(rest, Is.EqualTo("NEXT"), "nothing after the trailer section is consumed");
    }

    [Test]
    public void Every_two_piece_split_and_every_feeding_step_decode_the_same()
    {
        var bytes = Encoding.ASCII.GetBytes(Body);
        for (var at = 1; at < bytes.Length; at++)
        {
            Assert.That(Decode(TestInputs.Split(bytes, at), step: int.MaxValue), Is.EqualTo((Decoded, true, string.Empty)), $"split at {at}");
        }

        foreach (var step in new[] { 1, 2, 5, 13 })
        {
            Assert.That(Decode(new ReadOnlySequence<byte>(bytes), step), Is.EqualTo((Decoded, true, string.Empty)), $"fed {step} at a time");
        }
    }

    [Test]
    public void Data_is_handed_out_as_it_arrives_without_waiting_for_the_whole_chunk()
    {
        var decoder = new ChunkedBodyDecoder();
        var partial = new ReadOnlySequence<byte>("10\r\nabc"u8.ToArray());

        Assert.That(decoder.TryRead(partial, out var data, out var consumed, out _), Is.True);
        Assert.That(Encoding.ASCII.GetString(data.ToArray()), Is.EqualTo("abc"));
        Assert.That(consumed, Is.EqualTo(partial.End));
        Assert.That(decoder.TryRead(partial.Slice(consumed), out _, out _, out _), Is.False, "the rest of the chunk has not arrived");
    }

    [Test]
    public void A_declared_size_allocates_nothing_before_its_bytes_arrive()
    {
        var decoder = new ChunkedBodyDecoder();
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(decoder.TryRead(new ReadOnlySequence<byte>("7fffffffffffff\r\n"u8.ToArray()), out var data, out _, out _), Is.False);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024));
        Assert.That(data.IsEmpty);
    }

    [TestCase("zz\r\n")]
    [TestCase("\r\n")]
    [TestCase("1000000000000000\r\n")]
    [TestCase("3\r\nabcX\r\n")]
    public void Malformed_framing_is_an_invalid_response(string body)
    {
        var error = Assert.Throws<HttpRequestException>(() => Decode(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(body)), int.MaxValue));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.InvalidResponse));
    }

    [Test]
    public void A_size_line_that_never_ends_is_refused_once_it_is_too_long() =>
        Assert.Throws<HttpRequestException>(() => new ChunkedBodyDecoder().TryRead(new ReadOnlySequence<byte>(new byte[5000]), out _, out _, out _));

    // Reveals the input step bytes at a time, as a pipe would, copying out each run of data.
    private static (string Data, bool Complete, string Remainder) Decode(ReadOnlySequence<byte> input, long step)
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new StringBuilder();
        var unconsumed = Array.Empty<byte>();
        long offset = 0;
        while (true)
        {
            var take = Math.Min(step, input.Length - offset);
            var buffer = offset == 0 && take == input.Length
                ? input
                : TestInputs.Split([.. unconsumed, .. input.Slice(offset, take).ToArray()], Math.Max(1, unconsumed.Length));
            offset += take;
            var rest = buffer;
            SequencePosition consumed;
            while (decoder.TryRead(rest, out var data, out consumed, out _))
            {
                output.Append(Encoding.ASCII.GetString(data.ToArray()));
                rest = rest.Slice(consumed);
                if (decoder.IsComplete)
                {
                    return (output.ToString(), true, Encoding.ASCII.GetString(rest.ToArray()));
                }
            }

            // A call that needs more input may still have consumed whole lines.
            unconsumed = rest.Slice(consumed).ToArray();
            if (offset >= input.Length)
            {
                return (output.ToString(), false, Encoding.ASCII.GetString(unconsumed));
            }
        }
    }
}
