using System.Buffers;
using System.Net;
using System.Text;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>
/// Reads an HTTP/1.1 status line and header fields in Kestrel's try-parse style: give it the unread
/// bytes, it returns the response head or false when it needs more, and reports how far it consumed
/// (whole lines) and examined. The next call's buffer must start at the previous call's consumed
/// position. Lines end in CRLF (a bare LF is accepted, as RFC 9112 allows).
/// </summary>
/// <remarks>Not thread-safe; one parser reads one response head, then <see cref="Reset"/> reuses it.</remarks>
internal sealed class Http1ResponseHeadParser(int maxHeadBytes = Http1ResponseHeadParser.DefaultMaxHeadBytes, int maxHeaders = Http1ResponseHeadParser.DefaultMaxHeaders)
{
    public const int DefaultMaxHeadBytes = 64 * 1024;
    public const int DefaultMaxHeaders = 256;

    private readonly List<KeyValuePair<string, string>> _headers = [];
    private long _consumedBytes;
    private bool _hasStatus;
    private HttpStatusCode _status;
    private string _reason = string.Empty;
    private int _minorVersion;

    /// <summary>Forgets the head read so far, to read another (after an interim 1xx response, say).</summary>
    public void Reset()
    {
        _headers.Clear();
        _consumedBytes = 0;
        _hasStatus = false;
    }

    /// <exception cref="HttpRequestException">The head is malformed or exceeds the limits (<see cref="HttpRequestError.InvalidResponse"/>).</exception>
    public bool TryParse(in ReadOnlySequence<byte> buffer, out Http1ResponseHead? head, out SequencePosition consumed, out SequencePosition examined)
    {
        head = null;
        var reader = new SequenceReader<byte>(buffer);
        consumed = buffer.Start;
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            _consumedBytes += line.Length + 1;
            CheckSize(_consumedBytes);
            var text = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
            if (!text.IsEmpty && text[^1] == '\r')
            {
                text = text[..^1];
            }

            consumed = reader.Position;
            if (!_hasStatus)
            {
                ParseStatusLine(text);
                continue;
            }

            if (text.IsEmpty)
            {
                head = new Http1ResponseHead(_status, _reason, _minorVersion, _headers.ToArray());
                examined = consumed;
                return true;
            }

            ParseHeader(text);
        }

        CheckSize(_consumedBytes + reader.Remaining);
        examined = buffer.End;
        return false;
    }

    private void CheckSize(long bytes)
    {
        if (bytes > maxHeadBytes)
        {
            throw Http1Errors.Malformed($"the status line and headers exceed {maxHeadBytes} bytes");
        }
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.x SP 3DIGIT [SP reason-phrase]; some servers omit the space before an empty reason.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[7] is not ((byte)'0' or (byte)'1') || line[8] != ' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != ' '))
        {
            throw Http1Errors.Malformed($"the status line \"{Http1Errors.Quote(line)}\" is not HTTP/1.x");
        }

        _minorVersion = line[7] - '0';
        _status = (HttpStatusCode)(((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0'));
        _reason = line.Length > 13 ? Encoding.Latin1.GetString(line[13..]) : string.Empty;
        _hasStatus = true;
    }

    private void ParseHeader(ReadOnlySpan<byte> line)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            throw Http1Errors.Malformed("a header line is folded (obs-fold), which HTTP/1.1 no longer allows");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            throw Http1Errors.Malformed($"the header line \"{Http1Errors.Quote(line)}\" has no valid field name");
        }

        if (_headers.Count == maxHeaders)
        {
            throw Http1Errors.Malformed($"more than {maxHeaders} header fields");
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        _headers.Add(new(Encoding.ASCII.GetString(line[..colon]), Encoding.Latin1.GetString(value)));
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    // RFC 9110 tchar.
    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b)))
            {
                return false;
            }
        }

        return true;
    }
}
