using System.Buffers;
using System.Text;

namespace KinesisVideo.Client.Mkv;

/// <summary>What <see cref="MkvStreamReader"/> found.</summary>
public enum MkvEventKind
{
    /// <summary>Nothing (the default value).</summary>
    None = 0,

    /// <summary>An EBML header: a new document starts (GetMedia sends one per fragment).</summary>
    DocumentStart,

    /// <summary>A TrackEntry, in <see cref="MkvEvent.TrackEntry"/>.</summary>
    TrackEntry,

    /// <summary>A Cluster's Timecode was read, in <see cref="MkvEvent.ClusterTimecode"/>.</summary>
    ClusterStart,

    /// <summary>A frame (SimpleBlock, or Block in a BlockGroup), in <see cref="MkvEvent.Frame"/>.</summary>
    Frame,

    /// <summary>A SimpleTag, in <see cref="MkvEvent.Tag"/>.</summary>
    Tag,
}

/// <summary>
/// One thing the streaming reader found. Frame payloads and tag bytes are slices of the input
/// buffer, not copies: they stay valid only until the caller advances past them (for a
/// <see cref="System.IO.Pipelines.PipeReader"/>, until the next read or AdvanceTo; with the async
/// helpers, until the next MoveNextAsync). Copy what must outlive that, e.g. with
/// <see cref="MkvFrame.ToArray"/>.
/// </summary>
public readonly struct MkvEvent
{
    internal MkvEvent(MkvEventKind kind, long offset, MkvTrackEntry? trackEntry = null, long clusterTimecode = 0, MkvFrame frame = default, MkvSimpleTag tag = default)
    {
        Kind = kind;
        Offset = offset;
        TrackEntry = trackEntry;
        ClusterTimecode = clusterTimecode;
        Frame = frame;
        Tag = tag;
    }

    /// <summary>What was found.</summary>
    public MkvEventKind Kind { get; }

    /// <summary>The byte offset of the element from the start of the input.</summary>
    public long Offset { get; }

    /// <summary>For <see cref="MkvEventKind.TrackEntry"/>: the parsed track (an owned object).</summary>
    public MkvTrackEntry? TrackEntry { get; }

    /// <summary>For <see cref="MkvEventKind.ClusterStart"/>: the Cluster's Timecode, in timecode ticks.</summary>
    public long ClusterTimecode { get; }

    /// <summary>For <see cref="MkvEventKind.Frame"/>: the frame.</summary>
    public MkvFrame Frame { get; }

    /// <summary>For <see cref="MkvEventKind.Tag"/>: the tag.</summary>
    public MkvSimpleTag Tag { get; }
}

/// <summary>A frame read from a SimpleBlock or a BlockGroup's Block.</summary>
public readonly struct MkvFrame
{
    internal MkvFrame(ulong trackNumber, long timecode, long timecodeScale, bool isKeyFrame, ReadOnlySequence<byte> payload, MkvLacing lacing = MkvLacing.None)
    {
        Lacing = lacing;
        TrackNumber = trackNumber;
        Timecode = timecode;
        TimecodeScale = timecodeScale;
        IsKeyFrame = isKeyFrame;
        Payload = payload;
    }

    /// <summary>The block's track number.</summary>
    public ulong TrackNumber { get; }

    /// <summary>The absolute timestamp in timecode ticks: the Cluster Timecode plus the block's relative timecode.</summary>
    public long Timecode { get; }

    /// <summary>Nanoseconds per tick (the segment's TimecodeScale).</summary>
    public long TimecodeScale { get; }

    /// <summary>The absolute timestamp as a time span (Timecode × TimecodeScale).</summary>
    public TimeSpan Timestamp => ToTimeSpan(Timecode, TimecodeScale);

    /// <summary>The SimpleBlock key flag; for a BlockGroup, true when it has no ReferenceBlock.</summary>
    public bool IsKeyFrame { get; }

    /// <summary>
    /// The frame bytes: a slice of the input, valid until the input is advanced. For a laced block
    /// (see <see cref="Lacing"/>) the lace header and all the lace's frames.
    /// </summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>
    /// The block's lacing; always <see cref="MkvLacing.None"/> unless
    /// <see cref="MkvReaderOptions.AcceptLacedBlocks"/> is set. Split laces with <see cref="MkvLaces.TryReadSizes"/>.
    /// </summary>
    public MkvLacing Lacing { get; }

    /// <summary>Copies the payload out, for use after the input has been advanced.</summary>
    public byte[] ToArray() => Payload.ToArray();

    // 128-bit so that large timecodes or scales cannot overflow before the division.
    internal static TimeSpan ToTimeSpan(long timecode, long timecodeScale) =>
        TimeSpan.FromTicks((long)Int128.Clamp((Int128)timecode * timecodeScale / 100, long.MinValue, long.MaxValue));
}

/// <summary>A SimpleTag: TagName with a TagString or TagBinary value.</summary>
public readonly struct MkvSimpleTag
{
    internal MkvSimpleTag(ReadOnlySequence<byte> name, ReadOnlySequence<byte> value, bool isBinary)
    {
        NameBytes = name;
        ValueBytes = value;
        IsBinary = isBinary;
    }

    /// <summary>The UTF-8 TagName bytes (a slice of the input).</summary>
    public ReadOnlySequence<byte> NameBytes { get; }

    /// <summary>The TagString (UTF-8) or TagBinary bytes (a slice of the input).</summary>
    public ReadOnlySequence<byte> ValueBytes { get; }

    /// <summary>True when the value came from TagBinary.</summary>
    public bool IsBinary { get; }

    /// <summary>Decodes the name.</summary>
    public string GetName() => MkvStrings.Decode(NameBytes);

    /// <summary>Decodes a TagString value (for a TagBinary value, the bytes read as UTF-8).</summary>
    public string GetStringValue() => MkvStrings.Decode(ValueBytes);
}

/// <summary>EBML string decoding: UTF-8, with the optional trailing zero padding removed.</summary>
internal static class MkvStrings
{
    public static string Decode(in ReadOnlySequence<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.TrimEnd('\0');
    }
}
