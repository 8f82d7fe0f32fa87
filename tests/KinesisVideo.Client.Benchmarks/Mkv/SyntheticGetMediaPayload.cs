using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Mkv;

/// <summary>
/// A 1080p-sized H.264-like stream made with our writer: 30 fps, 2 s fragments, ~150 KB key
/// frames and 20–50 KB other frames (about 8 Mbit/s), each fragment preceded by service-style
/// tags. The payload bytes are random: the demuxers under test never decode them.
/// </summary>
internal static class SyntheticGetMediaPayload
{
    public const int Fragments = 40;
    public const int FramesPerFragment = 60;
    public const int Frames = Fragments * FramesPerFragment;

    /// <summary>One EBML document holding every fragment, as a producer sends it.</summary>
    public static byte[] Build() => Build(asGetMediaDocuments: false);

    /// <summary>
    /// The same fragments as GetMedia returns them: each its own document (the header replayed, the
    /// service's tags before the cluster and MILLIS_BEHIND_NOW / CONTINUATION_TOKEN after it).
    /// </summary>
    public static byte[] BuildDocuments() => Build(asGetMediaDocuments: true);

    private static byte[] Build(bool asGetMediaDocuments)
    {
        var random = new Random(1080);
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
                    CodecPrivate = Convert.FromHexString("01640028FFE1001B6764002863ACB2007800227E5C04400000030040000007823C60C92001000568EBECB22C"),
                },
            ],
        });
        var output = new ArrayBufferWriter<byte>(64 * 1024 * 1024);
        var frame = new byte[200 * 1024];
        random.NextBytes(frame);
        writer.WriteHeader(output);
        var timecode = 1_700_000_000_000L;
        for (var f = 0; f < Fragments; f++)
        {
            if (asGetMediaDocuments && f > 0)
            {
                writer.WriteHeader(output);
            }

            WriteServiceTags(output, f);
            for (var i = 0; i < FramesPerFragment; i++)
            {
                var key = i == 0;
                var size = key ? 150 * 1024 : random.Next(20 * 1024, 50 * 1024);
                writer.WriteFrame(output, 1, timecode, key, frame.AsSpan(random.Next(frame.Length - size), size));
                timecode += 33;
            }

            if (asGetMediaDocuments)
            {
                output.WriteTags([new("AWS_KINESISVIDEO_MILLIS_BEHIND_NOW", "1250"), new("AWS_KINESISVIDEO_CONTINUATION_TOKEN", FragmentNumber(f))], sizeLength: 4);
            }
        }

        return output.WrittenSpan.ToArray();
    }

    // Tags like the ones GetMedia puts before each cluster (names the writer reserves, so written directly).
    private static void WriteServiceTags(ArrayBufferWriter<byte> output, int fragment)
    {
        var number = FragmentNumber(fragment);
        var tag = new ArrayBufferWriter<byte>();
        WriteSimpleTag(tag, "AWS_KINESISVIDEO_FRAGMENT_NUMBER", number);
        WriteSimpleTag(tag, "AWS_KINESISVIDEO_SERVER_TIMESTAMP", "1511852109.126");
        WriteSimpleTag(tag, "AWS_KINESISVIDEO_PRODUCER_TIMESTAMP", "1511852108.513");
        output.WriteElementHeader(MkvElementIds.Tags, (ulong)(tag.WrittenCount + 2 + 4), 4);
        output.WriteElementHeader(MkvElementIds.Tag, (ulong)tag.WrittenCount, 4);
        output.Write(tag.WrittenSpan);
    }

    private static string FragmentNumber(int fragment) =>
        "9134385233318143239268206260774392014615916" + fragment.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteSimpleTag(ArrayBufferWriter<byte> output, string name, string value)
    {
        var body = new ArrayBufferWriter<byte>();
        body.WriteString(MkvElementIds.TagName, name);
        body.WriteString(MkvElementIds.TagString, value);
        output.WriteElementHeader(MkvElementIds.SimpleTag, (ulong)body.WrittenCount, 4);
        output.Write(body.WrittenSpan);
    }
}
