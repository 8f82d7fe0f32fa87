using System.Buffers;

namespace KinesisVideo.Client.Mkv;

/// <summary>Parses the elements the reader reports whole: TrackEntry, SimpleTag, BlockGroup.</summary>
internal static class MkvElementParsers
{
    private const int MaxDimension = 65535;

    public static MkvTrackEntry ParseTrackEntry(in ReadOnlySequence<byte> body, long bodyOffset)
    {
        ulong number = 0, uid = 0, defaultDuration = 0;
        var type = MkvTrackType.Unknown;
        string codecId = string.Empty;
        string? name = null;
        ReadOnlyMemory<byte> codecPrivate = default;
        int width = 0, height = 0, channels = 0, bitDepth = 0;
        double samplingFrequency = 0;
        var children = new EbmlChildReader(body, bodyOffset);
        while (children.MoveNext())
        {
            switch (children.Id)
            {
                case MkvElementIds.TrackNumber:
                    number = children.ReadUnsigned();
                    break;
                case MkvElementIds.TrackUid:
                    uid = children.ReadUnsigned();
                    break;
                case MkvElementIds.TrackType:
                    type = (MkvTrackType)(int)Math.Min(children.ReadUnsigned(), int.MaxValue);
                    break;
                case MkvElementIds.Name:
                    name = children.ReadString();
                    break;
                case MkvElementIds.CodecId:
                    codecId = children.ReadString();
                    break;
                case MkvElementIds.CodecPrivate:
                    codecPrivate = children.Body.ToArray();
                    break;
                case MkvElementIds.DefaultDuration:
                    defaultDuration = children.ReadUnsigned();
                    break;
                case MkvElementIds.Video:
                    var video = new EbmlChildReader(children.Body, children.Offset);
                    while (video.MoveNext())
                    {
                        if (video.Id == MkvElementIds.PixelWidth)
                        {
                            width = (int)Math.Min(video.ReadUnsigned(), MaxDimension);
                        }
                        else if (video.Id == MkvElementIds.PixelHeight)
                        {
                            height = (int)Math.Min(video.ReadUnsigned(), MaxDimension);
                        }
                    }

                    break;
                case MkvElementIds.Audio:
                    var audio = new EbmlChildReader(children.Body, children.Offset);
                    while (audio.MoveNext())
                    {
                        switch (audio.Id)
                        {
                            case MkvElementIds.SamplingFrequency:
                                samplingFrequency = audio.ReadFloat();
                                break;
                            case MkvElementIds.Channels:
                                channels = (int)Math.Min(audio.ReadUnsigned(), 255);
                                break;
                            case MkvElementIds.BitDepth:
                                bitDepth = (int)Math.Min(audio.ReadUnsigned(), 255);
                                break;
                        }
                    }

                    break;
            }
        }

        if (number == 0)
        {
            MkvStreamReader.ThrowFormat("A TrackEntry without a TrackNumber", bodyOffset, MkvElementIds.TrackEntry);
        }

        return new MkvTrackEntry
        {
            TrackNumber = number,
            TrackUid = uid,
            TrackType = type,
            CodecId = codecId,
            CodecPrivate = codecPrivate,
            Name = name,
            PixelWidth = width,
            PixelHeight = height,
            SamplingFrequency = samplingFrequency,
            Channels = channels,
            BitDepth = bitDepth,
            DefaultDuration = defaultDuration,
        };
    }

    public static MkvSimpleTag ParseSimpleTag(in ReadOnlySequence<byte> body, long bodyOffset)
    {
        ReadOnlySequence<byte> name = default, value = default;
        var binary = false;
        var children = new EbmlChildReader(body, bodyOffset);
        while (children.MoveNext())
        {
            switch (children.Id)
            {
                case MkvElementIds.TagName:
                    name = children.Body;
                    break;
                case MkvElementIds.TagString:
                    value = children.Body;
                    binary = false;
                    break;
                case MkvElementIds.TagBinary:
                    value = children.Body;
                    binary = true;
                    break;
            }
        }

        return new MkvSimpleTag(name, value, binary);
    }

    // A Block's key-frame status lives in its BlockGroup: no ReferenceBlock means a key frame.
    public static ReadOnlySequence<byte> FindBlock(in ReadOnlySequence<byte> body, long bodyOffset, out bool hasReference)
    {
        hasReference = false;
        ReadOnlySequence<byte> block = default;
        var children = new EbmlChildReader(body, bodyOffset);
        while (children.MoveNext())
        {
            if (children.Id == MkvElementIds.Block)
            {
                block = children.Body;
            }
            else if (children.Id == MkvElementIds.ReferenceBlock)
            {
                hasReference = true;
            }
        }

        return block;
    }
}
