using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// One reusable buffer a source writes a frame into when the frame cannot be handed out as a slice
/// of its input (it spans input segments, or it must be rewritten, as Annex-B to AVCC). Grows to the
/// largest frame seen, from the shared array pool, so steady-state reading allocates nothing.
/// </summary>
internal sealed class FrameScratchBuffer : IDisposable
{
    private byte[] _array = [];

    /// <summary>A buffer of at least <paramref name="length"/> bytes; its earlier contents are not kept.</summary>
    public Memory<byte> Get(int length)
    {
        if (_array.Length < length)
        {
            Return();
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 64 * 1024));
        }

        return _array.AsMemory(0, length);
    }

    /// <summary>Copies <paramref name="bytes"/> into the buffer and returns the copy.</summary>
    public ReadOnlyMemory<byte> CopyOf(in ReadOnlySequence<byte> bytes)
    {
        var memory = Get(checked((int)bytes.Length));
        bytes.CopyTo(memory.Span);
        return memory;
    }

    public void Dispose() => Return();

    private void Return()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }
}
