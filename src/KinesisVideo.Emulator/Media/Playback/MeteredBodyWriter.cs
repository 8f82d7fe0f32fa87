using System.Buffers;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// Passes writes through to the response body and counts them against an optional byte budget
/// (a drop fault): bytes past the budget are left unadvanced, so they never reach the wire, and
/// <see cref="IsExhausted"/> tells the response to drop the connection. The writers of documents
/// write straight into the body's buffers either way.
/// </summary>
internal sealed class MeteredBodyWriter(IBufferWriter<byte> body) : IBufferWriter<byte>
{
    /// <summary>The bytes that may still be sent; null for no limit.</summary>
    public long? Budget { get; set; }

    /// <summary>True once the budget has run out: the connection is to be dropped.</summary>
    public bool IsExhausted => Budget <= 0;

    public void Advance(int count)
    {
        if (Budget is not { } budget)
        {
            body.Advance(count);
            return;
        }

        var allowed = (int)Math.Min(count, Math.Max(0, budget));
        body.Advance(allowed);
        Budget = budget - allowed;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => body.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => body.GetSpan(sizeHint);
}
