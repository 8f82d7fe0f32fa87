using System.Buffers;
using System.Buffers.Binary;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;

namespace KinesisVideo.Client.Benchmarks.Media;

/// <summary>
/// One synthetic 1080p H.264 stream in the two forms the frame sources read: Matroska (AVCC frames,
/// written by our KVS writer) and raw Annex-B (AUD, SPS and PPS before each key frame, start codes).
/// 30 fps, a key frame every 2 s: ~150 KB key frames, 20–50 KB other frames (about 8 Mbit/s). The
/// slice bytes are random but never zero, so no start code appears inside a NAL unit.
/// </summary>
internal sealed class SyntheticVideo
{
    public const int Frames = 2400;
    public const int FramesPerKeyFrame = 60;

    // What libx264 writes for 1920x1080 yuv420p (High, level 4.0).
    private static readonly byte[] s_sps = Convert.FromHexString("67640028ACD940780227E5C044000003000400000300F03C60C658");
    private static readonly byte[] s_pps = Convert.FromHexString("68EBE3CB22C0");

    private SyntheticVideo(byte[] matroska, byte[] annexB)
    {
        Matroska = matroska;
        AnnexB = annexB;
    }

    public byte[] Matroska { get; }

    public byte[] AnnexB { get; }

    public static SyntheticVideo Build()
    {
        var random = new Random(1080);
        var slice = new byte[200 * 1024];
        random.NextBytes(slice);
        slice.AsSpan().Replace((byte)0, (byte)0x5A);

        var writer = new KvsMkvWriter(new KvsMkvWriterOptions
        {
            Tracks =
            [
                new MkvTrackEntry
                {
                    TrackNumber = 1,
                    TrackType = MkvTrackType.Video,
                    CodecId = MkvTrackEntry.H264CodecId,
                    PixelWidth = 1920,
                    PixelHeight = 1080,
                    CodecPrivate = AvcDecoderConfigurationRecord.Create(s_sps, s_pps),
                },
            ],
        });
        var matroska = new ArrayBufferWriter<byte>(100 * 1024 * 1024);
        var annexB = new ArrayBufferWriter<byte>(100 * 1024 * 1024);
        var avcc = new byte[slice.Length + 4];
        writer.WriteHeader(matroska);
        for (var i = 0; i < Frames; i++)
        {
            var key = i % FramesPerKeyFrame == 0;
            var size = key ? 150 * 1024 : random.Next(20 * 1024, 50 * 1024);
            var nal = slice.AsSpan(random.Next(slice.Length - size), size);
            nal[0] = key ? (byte)0x65 : (byte)0x41; // IDR or non-IDR slice
            nal[1] = 0x88;                           // first_mb_in_slice 0

            BinaryPrimitives.WriteInt32BigEndian(avcc, size);
            nal.CopyTo(avcc.AsSpan(4));
            writer.WriteFrame(matroska, 1, 1_700_000_000_000L + (i * 33), key, avcc.AsSpan(0, 4 + size));

            WriteUnit(annexB, [0x09, 0xF0]);
            if (key)
            {
                WriteUnit(annexB, s_sps);
                WriteUnit(annexB, s_pps);
            }

            WriteUnit(annexB, nal);
        }

        return new SyntheticVideo(matroska.WrittenSpan.ToArray(), annexB.WrittenSpan.ToArray());
    }

    private static void WriteUnit(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> nal)
    {
        output.Write<byte>([0, 0, 0, 1]);
        output.Write(nal);
    }
}
