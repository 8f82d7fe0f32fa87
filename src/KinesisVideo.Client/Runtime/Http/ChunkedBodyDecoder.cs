using System.Buffers;

namespace KinesisVideo.Client.Runtime.Http;

/// <summary>
/// Removes HTTP/1.1 chunked framing (RFC 9112 section 7.1) in Kestrel's try-parse style: each call
/// returns the next run of body bytes as a slice of the input (never a copy), or false when more
/// input is needed. Chunk extensions and trailer fields are read and discarded.
/// </summary>
/// <remarks>
/// A chunk's declared size is only counted down as its bytes arrive; nothing is allocated from it.
/// Not thread-safe.
/// </remarks>
internal sealed class ChunkedBodyDecoder
{
    // A size line is hex digits and optional extensions; the service sends none, so a long line is
    // a framing error rather than something to buffer.
    private const int MaxLineBytes = 4096;

    private State _state = State.SizeLine;
    private long _chunkRemaining;

    private enum State
    {
        SizeLine,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>True once the last chunk and the trailer section have been read.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Reads the next run of body bytes.</summary>
    /// <param name="input">The unread bytes, starting where the last call's <paramref name="consumed"/> pointed.</param>
    /// <param name="data">The body bytes found: a slice of <paramref name="input"/>, before <paramref name="consumed"/>.</param>
    /// <param name="consumed">The end of the bytes done with; <paramref name="data"/> lies before it.</param>
    /// <param name="examined">The end of the bytes looked at.</param>
    /// <returns>True with body bytes, or with none once <see cref="IsComplete"/>; false when more input is needed.</returns>
    /// <exception cref="HttpRequestException">The framing is malformed (<see cref="HttpRequestError.InvalidResponse"/>).</exception>
    public bool TryRead(in ReadOnlySequence<byte> input, out ReadOnlySequence<byte> data, out SequencePosition consumed, out SequencePosition examined)
    {
        var reader = new SequenceReader<byte>(input);
        data = default;
        while (true)
        {
            consumed = reader.Position;
            switch (_state)
            {
                case State.Done:
                    examined = consumed;
                    return true;

                case State.Data:
                    if (reader.End)
                    {
                        examined = input.End;
                        return false;
                    }

                    var take = Math.Min(_chunkRemaining, reader.Remaining);
                    var start = reader.Position;
                    reader.Advance(take);
                    _chunkRemaining -= take;
                    if (_chunkRemaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    data = input.Slice(start, reader.Position);
                    consumed = examined = reader.Position;
                    return true;

                case State.DataEnd:
                    if (!TryReadLine(ref reader, out var end))
                    {
                        examined = input.End;
                        return false;
                    }

                    if (!end.IsEmpty)
                    {
                        throw Http1Errors.Malformed("a chunk's data is longer than its declared size");
                    }

                    _state = State.SizeLine;
                    break;

                case State.SizeLine:
                    if (!TryReadLine(ref reader, out var line))
                    {
                        examined = input.End;
                        return false;
                    }

                    _chunkRemaining = ParseSize(line);
                    _state = _chunkRemaining == 0 ? State.Trailers : State.Data;
                    break;

                case State.Trailers:
                    if (!TryReadLine(ref reader, out var trailer))
                    {
                        examined = input.End;
                        return false;
                    }

                    if (trailer.IsEmpty)
                    {
                        _state = State.Done;
                    }

                    break;
            }
        }
    }

    // A line without its CRLF (or bare LF); false, with nothing consumed, until it is complete.
    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out ReadOnlySequence<byte> found, (byte)'\n'))
        {
            if (reader.Remaining > MaxLineBytes)
            {
                throw Http1Errors.Malformed($"a chunk-size or trailer line is longer than {MaxLineBytes} bytes");
            }

            line = default;
            return false;
        }

        if (found.Length > MaxLineBytes)
        {
            throw Http1Errors.Malformed($"a chunk-size or trailer line is longer than {MaxLineBytes} bytes");
        }

        line = found.IsSingleSegment ? found.FirstSpan : found.ToArray();
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return true;
    }

    private static long ParseSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = (extension >= 0 ? line[..extension] : line).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15)
        {
            throw Http1Errors.Malformed($"the chunk size \"{Http1Errors.Quote(line)}\" is not a hexadecimal size");
        }

        long size = 0;
        foreach (var b in digits)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw Http1Errors.Malformed($"the chunk size \"{Http1Errors.Quote(line)}\" is not a hexadecimal size"),
            };
            size = (size << 4) | (uint)digit;
        }

        return size;
    }
}
