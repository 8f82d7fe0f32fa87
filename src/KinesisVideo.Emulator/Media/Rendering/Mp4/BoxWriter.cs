using System.Buffers.Binary;
using System.Text;

namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// Writes ISO BMFF (MP4) boxes into a growable buffer: big-endian fields, and boxes whose 32-bit
/// size is patched in when they end, so each box writer just writes its fields and children.
/// The MP4 writers here are hand-written because no maintained .NET library writes fragmented
/// MP4 (CMAF) from encoded frames; the boxes are few and each is checked by ffprobe and mkvmerge.
/// </summary>
internal sealed class BoxWriter
{
    private byte[] _buffer;

    public BoxWriter(int capacity = 4096) => _buffer = new byte[Math.Max(capacity, 64)];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>What has been written.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>Starts a box: a size placeholder and the type. Returns its start, for <see cref="End"/>.</summary>
    public int Begin(string type)
    {
        var start = Length;
        UInt32(0);
        FourCc(type);
        return start;
    }

    /// <summary>Starts a full box: <see cref="Begin"/>, then the version byte and 24 bits of flags.</summary>
    public int BeginFull(string type, byte version, uint flags)
    {
        var start = Begin(type);
        UInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Ends the box begun at <paramref name="start"/>: its size is now known.</summary>
    public void End(int start) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), (uint)(Length - start));

    public void UInt8(int value) => Span(1)[0] = (byte)value;

    public void UInt16(int value) => BinaryPrimitives.WriteUInt16BigEndian(Span(2), (ushort)value);

    public void UInt24(int value)
    {
        var span = Span(3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Span(4), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Span(4), value);

    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Span(8), value);

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Span(bytes.Length));

    public void Zeros(int count) => Span(count).Clear();

    public void FourCc(string code)
    {
        if (code.Length != 4 || Encoding.ASCII.GetBytes(code, Span(4)) != 4)
        {
            throw new ArgumentException($"'{code}' is not a four-character code.", nameof(code));
        }
    }

    /// <summary>Overwrites the 32-bit field at <paramref name="offset"/> (a data offset or a chunk offset known only later).</summary>
    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(offset), value);

    /// <summary>The identity matrix of mvhd and tkhd (16.16 and 2.30 fixed point).</summary>
    public void UnityMatrix()
    {
        UInt32(0x00010000);
        UInt32(0);
        UInt32(0);
        UInt32(0);
        UInt32(0x00010000);
        UInt32(0);
        UInt32(0);
        UInt32(0);
        UInt32(0x40000000);
    }

    private Span<byte> Span(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
