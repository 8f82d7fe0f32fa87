using System.Buffers;
using System.Text;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Writes a level-1 Tags element as Kinesis Video Streams uses them: one Tag of SimpleTags (TagName
/// and TagString), no Targets, every size field of one fixed length (8 bytes in the AWS producers'
/// fragment metadata, 4 in the tags the service adds to GetMedia output). Fixed lengths make each
/// size computable up front, so the element goes straight to the output.
/// </summary>
public static class MkvTagsWriter
{
    /// <summary>Writes one Tags element with one Tag holding <paramref name="simpleTags"/> as SimpleTags, in order.</summary>
    /// <param name="output">Where the element goes.</param>
    /// <param name="simpleTags">The name and string value of each SimpleTag.</param>
    /// <param name="sizeLength">The length of every size field, 1 to 8 bytes.</param>
    public static void WriteTags(this IBufferWriter<byte> output, ReadOnlySpan<KeyValuePair<string, string>> simpleTags, int sizeLength)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizeLength, EbmlVarInt.MaxSizeLength);
        var tagSize = 0UL;
        foreach (var (name, value) in simpleTags)
        {
            tagSize += ElementSize(MkvElementIds.SimpleTag, SimpleTagSize(name, value, sizeLength), sizeLength);
        }

        output.WriteElementHeader(MkvElementIds.Tags, ElementSize(MkvElementIds.Tag, tagSize, sizeLength), sizeLength);
        output.WriteElementHeader(MkvElementIds.Tag, tagSize, sizeLength);
        foreach (var (name, value) in simpleTags)
        {
            output.WriteElementHeader(MkvElementIds.SimpleTag, SimpleTagSize(name, value, sizeLength), sizeLength);
            WriteText(output, MkvElementIds.TagName, name, sizeLength);
            WriteText(output, MkvElementIds.TagString, value, sizeLength);
        }
    }

    private static ulong SimpleTagSize(string name, string value, int sizeLength) =>
        ElementSize(MkvElementIds.TagName, (ulong)Encoding.UTF8.GetByteCount(name), sizeLength)
        + ElementSize(MkvElementIds.TagString, (ulong)Encoding.UTF8.GetByteCount(value), sizeLength);

    private static ulong ElementSize(uint id, ulong dataSize, int sizeLength) =>
        (ulong)EbmlVarInt.GetIdLength(id) + (ulong)sizeLength + dataSize;

    private static void WriteText(IBufferWriter<byte> output, uint id, string value, int sizeLength)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        output.WriteElementHeader(id, (ulong)length, sizeLength);
        output.Advance(Encoding.UTF8.GetBytes(value, output.GetSpan(length)));
    }
}
