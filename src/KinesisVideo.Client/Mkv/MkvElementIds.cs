namespace KinesisVideo.Client.Mkv;

/// <summary>The EBML and Matroska element ids this library reads or writes, with their names.</summary>
public static class MkvElementIds
{
#pragma warning disable CS1591 // Each constant is named after its Matroska element; a doc line per id would repeat the name.
    public const uint Ebml = 0x1A45DFA3;
    public const uint EbmlVersion = 0x4286;
    public const uint EbmlReadVersion = 0x42F7;
    public const uint EbmlMaxIdLength = 0x42F2;
    public const uint EbmlMaxSizeLength = 0x42F3;
    public const uint DocType = 0x4282;
    public const uint DocTypeVersion = 0x4287;
    public const uint DocTypeReadVersion = 0x4285;
    public const uint Void = 0xEC;
    public const uint Crc32 = 0xBF;
    public const uint Segment = 0x18538067;
    public const uint SeekHead = 0x114D9B74;
    public const uint Seek = 0x4DBB;
    public const uint SeekId = 0x53AB;
    public const uint SeekPosition = 0x53AC;
    public const uint Info = 0x1549A966;
    public const uint SegmentUid = 0x73A4;
    public const uint TimecodeScale = 0x2AD7B1;
    public const uint Duration = 0x4489;
    public const uint DateUtc = 0x4461;
    public const uint Title = 0x7BA9;
    public const uint MuxingApp = 0x4D80;
    public const uint WritingApp = 0x5741;
    public const uint Tracks = 0x1654AE6B;
    public const uint TrackEntry = 0xAE;
    public const uint TrackNumber = 0xD7;
    public const uint TrackUid = 0x73C5;
    public const uint TrackType = 0x83;
    public const uint Name = 0x536E;
    public const uint CodecId = 0x86;
    public const uint CodecPrivate = 0x63A2;
    public const uint DefaultDuration = 0x23E383;
    public const uint Video = 0xE0;
    public const uint PixelWidth = 0xB0;
    public const uint PixelHeight = 0xBA;
    public const uint Audio = 0xE1;
    public const uint SamplingFrequency = 0xB5;
    public const uint Channels = 0x9F;
    public const uint BitDepth = 0x6264;
    public const uint Cues = 0x1C53BB6B;
    public const uint CuePoint = 0xBB;
    public const uint CueTime = 0xB3;
    public const uint CueTrackPositions = 0xB7;
    public const uint CueTrack = 0xF7;
    public const uint CueClusterPosition = 0xF1;
    public const uint Chapters = 0x1043A770;
    public const uint Attachments = 0x1941A469;
    public const uint Cluster = 0x1F43B675;
    public const uint Timecode = 0xE7;
    public const uint Position = 0xA7;
    public const uint PrevSize = 0xAB;
    public const uint SimpleBlock = 0xA3;
    public const uint BlockGroup = 0xA0;
    public const uint Block = 0xA1;
    public const uint ReferenceBlock = 0xFB;
    public const uint BlockDuration = 0x9B;
    public const uint Tags = 0x1254C367;
    public const uint Tag = 0x7373;
    public const uint Targets = 0x63C0;
    public const uint SimpleTag = 0x67C8;
    public const uint TagName = 0x45A3;
    public const uint TagString = 0x4487;
    public const uint TagBinary = 0x4485;
#pragma warning restore CS1591

    /// <summary>The Matroska name of <paramref name="id"/>, or "Unknown".</summary>
    public static string GetName(uint id) => id switch
    {
        Ebml => "EBML",
        EbmlVersion => "EBMLVersion",
        EbmlReadVersion => "EBMLReadVersion",
        EbmlMaxIdLength => "EBMLMaxIDLength",
        EbmlMaxSizeLength => "EBMLMaxSizeLength",
        DocType => "DocType",
        DocTypeVersion => "DocTypeVersion",
        DocTypeReadVersion => "DocTypeReadVersion",
        Void => "Void",
        Crc32 => "CRC-32",
        Segment => "Segment",
        SeekHead => "SeekHead",
        Seek => "Seek",
        SeekId => "SeekID",
        SeekPosition => "SeekPosition",
        Info => "Info",
        SegmentUid => "SegmentUID",
        TimecodeScale => "TimecodeScale",
        Duration => "Duration",
        DateUtc => "DateUTC",
        Title => "Title",
        MuxingApp => "MuxingApp",
        WritingApp => "WritingApp",
        Tracks => "Tracks",
        TrackEntry => "TrackEntry",
        TrackNumber => "TrackNumber",
        TrackUid => "TrackUID",
        TrackType => "TrackType",
        Name => "Name",
        CodecId => "CodecID",
        CodecPrivate => "CodecPrivate",
        DefaultDuration => "DefaultDuration",
        Video => "Video",
        PixelWidth => "PixelWidth",
        PixelHeight => "PixelHeight",
        Audio => "Audio",
        SamplingFrequency => "SamplingFrequency",
        Channels => "Channels",
        BitDepth => "BitDepth",
        Cues => "Cues",
        CuePoint => "CuePoint",
        CueTime => "CueTime",
        CueTrackPositions => "CueTrackPositions",
        CueTrack => "CueTrack",
        CueClusterPosition => "CueClusterPosition",
        Chapters => "Chapters",
        Attachments => "Attachments",
        Cluster => "Cluster",
        Timecode => "Timecode",
        Position => "Position",
        PrevSize => "PrevSize",
        SimpleBlock => "SimpleBlock",
        BlockGroup => "BlockGroup",
        Block => "Block",
        ReferenceBlock => "ReferenceBlock",
        BlockDuration => "BlockDuration",
        Tags => "Tags",
        Tag => "Tag",
        Targets => "Targets",
        SimpleTag => "SimpleTag",
        TagName => "TagName",
        TagString => "TagString",
        TagBinary => "TagBinary",
        _ => "Unknown",
    };

    /// <summary>
    /// True for the top-level and segment-level ids, which end an unknown-size Cluster when they
    /// appear inside it (Matroska's rule for closing unknown-size masters by level).
    /// </summary>
    internal static bool IsLevel1OrAbove(uint id) => id is Ebml or Segment or SeekHead or Info or Tracks
        or Cues or Chapters or Tags or Attachments or Cluster;
}
