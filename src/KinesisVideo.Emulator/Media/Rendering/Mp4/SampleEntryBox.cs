namespace KinesisVideo.Emulator.Media.Rendering.Mp4;

/// <summary>
/// stsd and its one sample entry: avc1+avcC or hvc1+hvcC with the producer's decoder
/// configuration record unchanged, mp4a+esds with the AudioSpecificConfig, or alaw/ulaw
/// (ISO/IEC 14496-12 8.5.2, 14496-15 5.4 and 8.4, 14496-14 5.6).
/// </summary>
internal static class SampleEntryBox
{
    // 14496-1 descriptor tags and the values MP4 uses for AAC.
    private const int EsDescriptorTag = 3;
    private const int DecoderConfigTag = 4;
    private const int DecoderSpecificInfoTag = 5;
    private const int SyncLayerConfigTag = 6;
    private const int Mpeg4AudioObjectType = 0x40;
    private const int AudioStreamType = 0x05;

    public static void Write(BoxWriter output, MediaTrack track)
    {
        var stsd = output.BeginFull("stsd", 0, 0);
        output.UInt32(1);
        switch (track.Codec)
        {
            case MediaCodec.H264:
                WriteVisual(output, track, "avc1", "avcC");
                break;
            case MediaCodec.H265:
                WriteVisual(output, track, "hvc1", "hvcC");
                break;
            case MediaCodec.Aac:
                var mp4a = BeginAudio(output, track, "mp4a", 16);
                WriteEsds(output, track);
                output.End(mp4a);
                break;
            default:
                output.End(BeginAudio(output, track, track.Codec == MediaCodec.ALaw ? "alaw" : "ulaw", 8));
                break;
        }

        output.End(stsd);
    }

    private static void WriteVisual(BoxWriter output, MediaTrack track, string type, string configType)
    {
        var entry = output.Begin(type);
        output.Zeros(6);
        output.UInt16(1); // data_reference_index
        output.Zeros(16); // pre_defined, reserved, pre_defined[3]
        output.UInt16(track.Width);
        output.UInt16(track.Height);
        output.UInt32(0x00480000); // 72 dpi
        output.UInt32(0x00480000);
        output.UInt32(0);
        output.UInt16(1); // frame_count
        output.Zeros(32); // compressorname
        output.UInt16(0x0018); // depth
        output.UInt16(0xFFFF); // pre_defined = -1
        var config = output.Begin(configType);
        output.Bytes(track.CodecPrivate.Span);
        output.End(config);
        output.End(entry);
    }

    private static int BeginAudio(BoxWriter output, MediaTrack track, string type, int sampleSize)
    {
        var entry = output.Begin(type);
        output.Zeros(6);
        output.UInt16(1); // data_reference_index
        output.Zeros(8);
        output.UInt16(track.Channels);
        output.UInt16(sampleSize);
        output.UInt32(0); // pre_defined, reserved
        output.UInt32((uint)Math.Min(track.SampleRate, ushort.MaxValue) << 16);
        return entry;
    }

    private static void WriteEsds(BoxWriter output, MediaTrack track)
    {
        var config = track.CodecPrivate.Span;
        var esds = output.BeginFull("esds", 0, 0);
        var decoderSpecific = DescriptorLength(config.Length);
        var decoderConfig = 13 + decoderSpecific;
        Descriptor(output, EsDescriptorTag, 3 + DescriptorLength(decoderConfig) + DescriptorLength(1));
        output.UInt16(0); // ES_ID
        output.UInt8(0); // no dependency, URL or OCR stream
        Descriptor(output, DecoderConfigTag, decoderConfig);
        output.UInt8(Mpeg4AudioObjectType);
        output.UInt8((AudioStreamType << 2) | 1); // streamType, upStream 0, reserved 1
        output.UInt24(0); // bufferSizeDB
        output.UInt32(0); // maxBitrate
        output.UInt32(0); // avgBitrate
        Descriptor(output, DecoderSpecificInfoTag, config.Length);
        output.Bytes(config);
        Descriptor(output, SyncLayerConfigTag, 1);
        output.UInt8(2); // predefined: reserved for MP4
        output.End(esds);
    }

    // A descriptor's tag and its size in the expandable form (7 bits a byte, high bit = more).
    private static void Descriptor(BoxWriter output, int tag, int length)
    {
        output.UInt8(tag);
        for (var shift = (SizeBytes(length) - 1) * 7; shift > 0; shift -= 7)
        {
            output.UInt8(0x80 | ((length >> shift) & 0x7F));
        }

        output.UInt8(length & 0x7F);
    }

    // A descriptor's whole length: tag, size bytes and content.
    private static int DescriptorLength(int contentLength) => 1 + SizeBytes(contentLength) + contentLength;

    private static int SizeBytes(int length) => length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : 4;
}
