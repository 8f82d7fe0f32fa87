using System.Buffers;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// Passes writes through to the response body and counts them against an optional byte budget
/// (a drop fault): bytes past the budget are left unadvanced, so they never reach the wire, and
/// <see cref="IsExhausted"/> tells the response to drop the connection. The writers of documents
/// write straight into the body's buffers either way, a large document in chunks of up to 255 KB (<see cref="BeginDocument"/>).
/// </summary>
internal sealed class MeteredBodyWriter(IBufferWriter<byte> body) : IBufferWriter<byte>
{
    // Kestrel makes one HTTP chunk of each buffer it hands out, and left to the writers' own size
    // hints hands out 4 KB blocks from its pool. A reader's HTTP stack then takes the body 4 KB at a
    // time: one receive, one chunk header and one read of the reader's own per 4 KB (HttpClient reads
    // straight into the caller's buffer only from chunks larger than its 4 KB connection buffer).
    // Asking for more when a buffer runs out gives larger chunks, which Kestrel's pipe rents from the
    // shared ArrayPool until the document is flushed. 256 KB arrays: few enough per document that
    // the pool keeps them (with 32 KB ones a 2 MB document overran it, and 64 KB ones competed with
    // the client's response pipes when the emulator runs in its process), and only for documents
    // large enough to gain: a thousand followers of small fragments would overrun it too.
    private const int MaxChunkBytes = (256 * 1024) - 1024;
    private const long LargeDocumentBytes = 64 * 1024;

    private long _documentRemaining;
    private bool _largeDocument;
    private int _free;

    /// <summary>The bytes that may still be sent; null for no limit.</summary>
    public long? Budget { get; set; }

    /// <summary>True once the budget has run out: the connection is to be dropped.</summary>
    public bool IsExhausted => Budget <= 0;

    /// <summary>A document of at least <paramref name="minimumLength"/> bytes is about to be written.</summary>
    public void BeginDocument(long minimumLength)
    {
        _documentRemaining = minimumLength;
        _largeDocument = minimumLength >= LargeDocumentBytes;
        _free = 0;
    }

    public void Advance(int count)
    {
        _documentRemaining -= count;
        _free -= count;
        if (Budget is not { } budget)
        {
            body.Advance(count);
            return;
        }

        var allowed = (int)Math.Min(count, Math.Max(0, budget));
        body.Advance(allowed);
        Budget = budget - allowed;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var memory = body.GetMemory(ChunkHint(sizeHint));
        _free = memory.Length;
        return memory;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    // While the current buffer has room, the writer's own hint (Kestrel keeps filling it); once it
    // has not, room for the rest of a large document, so that the next chunk is as large as it may be.
    private int ChunkHint(int sizeHint) =>
        !_largeDocument || _free >= Math.Max(sizeHint, 1) ? sizeHint : Math.Max(sizeHint, (int)Math.Min(_documentRemaining, MaxChunkBytes));
}
