namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Limits the MKV readers enforce, so memory stays bounded whatever sizes the input declares.
/// A reader only buffers an element it must see whole (a block, a TrackEntry, a SimpleTag) and
/// refuses one whose declared size is above its limit before waiting for its bytes.
/// </summary>
public sealed class MkvReaderOptions
{
    /// <summary>The KVS service's limit on a fragment (and so on a frame): 50 MB.</summary>
    public const int ServiceFragmentLimit = 50 * 1024 * 1024;

    /// <summary>The shared default options.</summary>
    public static MkvReaderOptions Default { get; } = new();

    /// <summary>The largest block (SimpleBlock or BlockGroup) accepted, in bytes.</summary>
    public int MaxFrameSize { get; init; } = ServiceFragmentLimit;

    /// <summary>The largest Cluster accepted, and the most frame bytes a fragment may collect, in bytes.</summary>
    public long MaxFragmentSize { get; init; } = ServiceFragmentLimit;

    /// <summary>The largest TrackEntry or SimpleTag accepted, in bytes.</summary>
    public int MaxMetadataElementSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Whether laced blocks are reported (with <see cref="MkvFrame.Lacing"/> set and the lace header
    /// left in <see cref="MkvFrame.Payload"/>) rather than refused. False by default: KVS producers
    /// never lace, and a reader that does not split laces would take a lace for one frame.
    /// </summary>
    public bool AcceptLacedBlocks { get; init; }

    /// <summary>
    /// How many frames one fragment may hold (the fragment readers keep a small record per frame
    /// until the fragment is complete, so this bounds that memory as MaxFragmentSize bounds the bytes).
    /// </summary>
    public int MaxFramesPerFragment { get; init; } = 65_536;

    /// <summary>How many master elements may be open at once.</summary>
    public int MaxDepth { get; init; } = 16;
}
