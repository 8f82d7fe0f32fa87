using System.Buffers;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Walks the children of a master element that is wholly in memory, throwing
/// <see cref="MkvFormatException"/> (with absolute offsets) on malformed children.
/// </summary>
internal ref struct EbmlChildReader
{
    private readonly ReadOnlySequence<byte> _body;
    private readonly long _bodyOffset;
    private long _position;

    public EbmlChildReader(ReadOnlySequence<byte> body, long bodyOffset)
    {
        _body = body;
        _bodyOffset = bodyOffset;
        _position = 0;
        Id = 0;
        Body = default;
        Offset = 0;
    }

    public uint Id { get; private set; }

    public ReadOnlySequence<byte> Body { get; private set; }

    public long Offset { get; private set; }

    public bool MoveNext()
    {
        if (_position >= _body.Length)
        {
            return false;
        }

        Offset = _bodyOffset + _position;
        Span<byte> head = stackalloc byte[12];
        var available = (int)Math.Min(12, _body.Length - _position);
        _body.Slice(_position, available).CopyTo(head);
        var status = EbmlVarInt.TryReadId(head[..available], out var id, out var idLength);
        if (status != OperationStatus.Done)
        {
            MkvStreamReader.ThrowFormat("Invalid or truncated child element id", Offset);
        }

        status = EbmlVarInt.TryReadSize(head[idLength..available], out var size, out var sizeLength);
        if (status != OperationStatus.Done || size == EbmlVarInt.UnknownSize)
        {
            MkvStreamReader.ThrowFormat("Invalid, unknown or truncated child element size", Offset, id);
        }

        var start = _position + idLength + sizeLength;
        if (size > (ulong)(_body.Length - start))
        {
            MkvStreamReader.ThrowFormat("The child element runs past the end of its parent", Offset, id);
        }

        Id = id;
        Body = _body.Slice(start, (long)size);
        _position = start + (long)size;
        return true;
    }

    public readonly ulong ReadUnsigned()
    {
        Span<byte> bytes = stackalloc byte[8];
        if (Body.Length > 8)
        {
            MkvStreamReader.ThrowFormat("An unsigned integer longer than 8 bytes", Offset, Id);
        }

        var span = bytes[..(int)Body.Length];
        Body.CopyTo(span);
        EbmlValue.TryReadUnsigned(span, out var value);
        return value;
    }

    public readonly double ReadFloat()
    {
        Span<byte> bytes = stackalloc byte[8];
        if (Body.Length is not (0 or 4 or 8))
        {
            MkvStreamReader.ThrowFormat("A float must be 0, 4 or 8 bytes", Offset, Id);
        }

        var span = bytes[..(int)Body.Length];
        Body.CopyTo(span);
        EbmlValue.TryReadFloat(span, out var value);
        return value;
    }

    public readonly string ReadString() => MkvStrings.Decode(Body);
}
