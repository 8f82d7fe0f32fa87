using System.Buffers;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// GetMedia repeats the same Tracks in every fragment; this returns the earlier parsed
/// <see cref="MkvTrackEntry"/> when a TrackEntry's bytes are unchanged, so steady-state
/// reading allocates nothing.
/// </summary>
internal sealed class MkvTrackEntryCache
{
    private const int Slots = 8;

    private readonly byte[]?[] _raw = new byte[Slots][];
    private readonly MkvTrackEntry?[] _parsed = new MkvTrackEntry[Slots];
    private int _next;

    public MkvTrackEntry GetOrParse(in ReadOnlySequence<byte> body, long bodyOffset)
    {
        for (var i = 0; i < Slots; i++)
        {
            if (_raw[i] is { } raw && raw.Length == body.Length && SequenceEquals(body, raw))
            {
                return _parsed[i]!;
            }
        }

        var entry = MkvElementParsers.ParseTrackEntry(body, bodyOffset);
        _raw[_next] = body.ToArray();
        _parsed[_next] = entry;
        _next = (_next + 1) % Slots;
        return entry;
    }

    private static bool SequenceEquals(in ReadOnlySequence<byte> sequence, ReadOnlySpan<byte> other)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan.SequenceEqual(other);
        }

        foreach (var segment in sequence)
        {
            var span = segment.Span;
            if (!span.SequenceEqual(other[..span.Length]))
            {
                return false;
            }

            other = other[span.Length..];
        }

        return true;
    }
}
