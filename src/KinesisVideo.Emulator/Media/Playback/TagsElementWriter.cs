using System.Buffers;
using System.Text;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// Writes a level-1 Tags element holding one Tag of SimpleTags (TagName and TagString), without
/// Targets, every size field of a fixed length: 4 bytes for the tags the service adds, 8 for the
/// producer's metadata as its SDK wrote it. Fixed lengths make each size computable up front, so
/// the element goes straight to the output.
/// </summary>
internal static class TagsElementWriter
{
    /// <summary>The size-field length of the tags the service adds to GetMedia output.</summary>
    public const int ServiceSizeLength = 4;

    /// <summary>The size-field length of the producer SDK's metadata tags.</summary>
    public const int ProducerSizeLength = 8;

    /// <summary>Writes one Tags element with one Tag holding <paramref name="tags"/> as SimpleTags, in order.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<KeyValuePair<string, string>> tags, int sizeLength)
    {
        var tagSize = 0UL;
        foreach (var (name, value) in tags)
        {
            tagSize += ElementSize(MkvElementIds.SimpleTag, SimpleTagSize(name, value, sizeLength), sizeLength);
        }

        output.WriteElementHeader(MkvElementIds.Tags, ElementSize(MkvElementIds.Tag, tagSize, sizeLength), sizeLength);
        output.WriteElementHeader(MkvElementIds.Tag, tagSize, sizeLength);
        foreach (var (name, value) in tags)
        {
            output.WriteElementHeader(MkvElementIds.SimpleTag, SimpleTagSize(name, value, sizeLength), sizeLength);
            WriteString(output, MkvElementIds.TagName, name, sizeLength);
            WriteString(output, MkvElementIds.TagString, value, sizeLength);
        }
    }

    /// <summary>Writes one Tags element per pair, as the producer SDK sends fragment metadata.</summary>
    public static void WriteEach(IBufferWriter<byte> output, IEnumerable<KeyValuePair<string, string>> tags, int sizeLength)
    {
        foreach (var tag in tags)
        {
            Write(output, [tag], sizeLength);
        }
    }

    private static ulong SimpleTagSize(string name, string value, int sizeLength) =>
        ElementSize(MkvElementIds.TagName, (ulong)Encoding.UTF8.GetByteCount(name), sizeLength)
        + ElementSize(MkvElementIds.TagString, (ulong)Encoding.UTF8.GetByteCount(value), sizeLength);

    private static ulong ElementSize(uint id, ulong dataSize, int sizeLength) =>
        (ulong)EbmlVarInt.GetIdLength(id) + (ulong)sizeLength + dataSize;

    private static void WriteString(IBufferWriter<byte> output, uint id, string value, int sizeLength)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        output.WriteElementHeader(id, (ulong)length, sizeLength);
        var written = Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(written);
    }
}
