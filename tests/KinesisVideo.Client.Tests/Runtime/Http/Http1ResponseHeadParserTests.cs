using System.Buffers;
using System.Net;
using System.Text;
using KinesisVideo.Client.Runtime.Http;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Runtime.Http;

/// <summary>The status line and headers, read however the bytes are cut (Kestrel's contract).</summary>
public class Http1ResponseHeadParserTests
{
    private const string PutMediaHead =
        "HTTP/1.1 200 OK\r\nx-amzn-RequestId: 7a4c8e26-1f3b-4c5e-9a0d-2b6f8e1d3c4a\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nDate: Tue, 01 Dec 2026 12:00:00 GMT\r\n\r\n";

    [Test]
    public void A_whole_head_gives_the_status_the_headers_and_the_body_framing()
    {
        var head = ParseWhole(PutMediaHead + "{\"EventType\"", out var rest);

        Assert.That((head.StatusCode, head.ReasonPhrase, head.MinorVersion), Is.EqualTo((HttpStatusCode.OK, "OK", 1)));
        Assert.That(head["x-amzn-requestid"], Is.EqualTo("7a4c8e26-1f3b-4c5e-9a0d-2b6f8e1d3c4a"));
        Assert.That(head.Headers.Select(h => h.Key), Is.EqualTo(new[] { "x-amzn-RequestId", "Content-Type", "Transfer-Encoding", "Date" }));
        Assert.That(head.GetBodyFraming(out _), Is.EqualTo(Http1BodyFraming.Chunked));
        Assert.That(rest, Is.EqualTo("{\"EventType\""), "the body's first bytes are left unconsumed");
    }

    [Test]
    public void Every_two_piece_split_and_every_feeding_step_give_the_same_head()
    {
        var bytes = Encoding.ASCII.GetBytes(PutMediaHead);
        var whole = Describe(ParseWhole(PutMediaHead, out _));

        for (var at = 1; at < bytes.Length; at++)
        {
            Assert.That(Describe(Feed(TestInputs.Split(bytes, at), bytes.Length)), Is.EqualTo(whole), $"split at {at}");
        }

        foreach (var step in new[] { 1, 2, 3, 7, 16 })
        {
            Assert.That(Describe(Feed(new ReadOnlySequence<byte>(bytes), step)), Is.EqualTo(whole), $"fed {step} bytes at a time");
        }
    }

    [Test]
    public void An_incomplete_head_consumes_only_whole_lines_and_examines_everything()
    {
        var parser = new Http1ResponseHeadParser();
        var partial = new ReadOnlySequence<byte>("HTTP/1.1 200 OK\r\nContent-Ty"u8.ToArray());

        Assert.That(parser.TryParse(partial, out var head, out var consumed, out var examined), Is.False);
        Assert.That(head, Is.Null);
        Assert.That(partial.Slice(0, consumed).Length, Is.EqualTo("HTTP/1.1 200 OK\r\n".Length));
        Assert.That(examined, Is.EqualTo(partial.End));
    }

    [TestCase("HTTP/1.1 400 Bad Request\r\n\r\n", 400, "Bad Request")]
    [TestCase("HTTP/1.1 404\r\n\r\n", 404, "")]
    [TestCase("HTTP/1.0 200 OK\n\n", 200, "OK")]
    [TestCase("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\r\n", 503, "Service Unavailable")]
    public void Status_lines_servers_send_are_read(string text, int status, string reason)
    {
        var head = ParseWhole(text, out _);
        Assert.That(((int)head.StatusCode, head.ReasonPhrase), Is.EqualTo((status, reason)));
    }

    [TestCase("HTTP/2 200 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 2000 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 20x OK\r\n\r\n")]
    [TestCase("ICY 200 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n")]
    public void A_malformed_head_is_an_invalid_response(string text)
    {
        var error = Assert.Throws<HttpRequestException>(() => ParseWhole(text, out _));
        Assert.That(error!.HttpRequestError, Is.EqualTo(HttpRequestError.InvalidResponse));
    }

    [Test]
    public void A_head_larger_than_the_limit_is_refused_before_it_is_complete()
    {
        var parser = new Http1ResponseHeadParser(maxHeadBytes: 1024);
        var endless = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Padding: " + new string('a', 2000)));

        var error = Assert.Throws<HttpRequestException>(() => parser.TryParse(endless, out _, out _, out _));
        Assert.That(error!.Message, Does.Contain("1024 bytes"));
    }

    [Test]
    public void More_headers_than_the_limit_are_refused()
    {
        var text = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"X-{i}: v\r\n")) + "\r\n";
        var parser = new Http1ResponseHeadParser(maxHeaders: 10);

        Assert.Throws<HttpRequestException>(() => parser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), out _, out _, out _));
    }

    [TestCase("Transfer-Encoding: gzip, chunked", "Chunked")]
    [TestCase("Transfer-Encoding: gzip", "UntilClose")]
    [TestCase("Content-Length: 42", "ContentLength")]
    [TestCase("Connection: close", "UntilClose")]
    public void The_body_framing_follows_RFC_9112(string header, string expected)
    {
        var framing = Enum.Parse<Http1BodyFraming>(expected);
        var head = ParseWhole($"HTTP/1.1 200 OK\r\n{header}\r\n\r\n", out _);
        Assert.That(head.GetBodyFraming(out var length), Is.EqualTo(framing));
        Assert.That(length, Is.EqualTo(framing == Http1BodyFraming.ContentLength ? 42 : 0));
    }

    [Test]
    public void A_malformed_content_length_is_an_invalid_response() =>
        Assert.Throws<HttpRequestException>(() => ParseWhole("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", out _).GetBodyFraming(out _));

    private static Http1ResponseHead ParseWhole(string text, out string rest)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        Assert.That(new Http1ResponseHeadParser().TryParse(buffer, out var head, out var consumed, out _), Is.True);
        rest = Encoding.ASCII.GetString(buffer.Slice(consumed).ToArray());
        return head!;
    }

    // Reveals the input step bytes at a time, keeping what the parser did not consume, as a pipe does.
    private static Http1ResponseHead Feed(ReadOnlySequence<byte> input, long step)
    {
        var parser = new Http1ResponseHeadParser();
        var unconsumed = Array.Empty<byte>();
        for (long offset = 0; offset < input.Length; offset += step)
        {
            var next = input.Slice(offset, Math.Min(step, input.Length - offset)).ToArray();
            var buffer = TestInputs.Split([.. unconsumed, .. next], Math.Max(1, unconsumed.Length));
            if (parser.TryParse(buffer, out var head, out var consumed, out _))
            {
                return head!;
            }

            unconsumed = buffer.Slice(consumed).ToArray();
        }

        throw new AssertionException("The parser never completed the head.");
    }

    private static string Describe(Http1ResponseHead head) =>
        $"{(int)head.StatusCode} {head.ReasonPhrase} 1.{head.MinorVersion} " + string.Join("|", head.Headers.Select(h => h.Key + "=" + h.Value));
}
