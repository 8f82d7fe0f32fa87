using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>Small MKV inputs made with our writer: two tracks, metadata, several fragments, end marker.</summary>
internal static class SmallStreams
{
    public static byte[] TwoFragmentsWithTags()
    {
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions
        {
            Tracks =
            [
                new MkvTrackEntry { TrackNumber = 1, TrackType = MkvTrackType.Video, CodecId = MkvTrackEntry.H264CodecId, PixelWidth = 64, PixelHeight = 48, CodecPrivate = new byte[] { 1, 0x42, 0, 0x1E, 0xFF, 0xE0, 0 } },
                new MkvTrackEntry { TrackNumber = 2, TrackType = MkvTrackType.Audio, CodecId = MkvTrackEntry.AacCodecId, SamplingFrequency = 8000, Channels = 1, CodecPrivate = new byte[] { 0x15, 0x88 } },
            ],
            SegmentUid = new byte[16],
        });
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        writer.WriteFragmentMetadata(output, "room", "lab");
        for (var i = 0; i < 12; i++)
        {
            var payload = Enumerable.Range(0, 5 + i).Select(b => (byte)(b * 7 + i)).ToArray();
            writer.WriteFrame(output, 1, 5000 + (i * 40), i % 5 == 0, payload);
            writer.WriteFrame(output, 2, 5001 + (i * 40), true, payload.AsSpan(0, 3));
        }

        writer.WriteEndOfFragment(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Two GetMedia-style documents: each a full header, service-like tags, a cluster.</summary>
    public static byte[] TwoDocuments()
    {
        var first = TwoFragmentsWithTags();
        return [.. first, .. first];
    }
}
