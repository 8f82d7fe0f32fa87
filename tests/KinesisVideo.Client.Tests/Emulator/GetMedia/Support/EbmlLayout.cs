using System.Buffers;
using System.Text;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>
/// A tiny EBML walker for comparing element layouts: it splits GetMedia output into documents and
/// lists each document's level-1 elements (inside the unknown-size Segment) with the length of
/// their size fields, descending into Tags to name the tags. Independent of the MKV reader, whose
/// events hide size-field lengths.
/// </summary>
internal static class EbmlLayout
{
    /// <summary>One element: its id, where it starts, its size-field length, its size (null when unknown), and for Tags its children.</summary>
    public sealed record Element(uint Id, long Offset, int SizeLength, ulong? Size, IReadOnlyList<Element> Children, string? Text = null)
    {
        public string Name => MkvElementIds.GetName(Id);

        /// <summary>The element as "Name/sizeLength", with a Tags element's SimpleTags: "Tags/4[Tag/4[SimpleTag/4[TagName/4=NAME,TagString/4]]]".</summary>
        public string Signature(bool withSizes = true)
        {
            var self = (withSizes ? $"{Name}/{SizeLength}" : Name) + (Text is null ? "" : "=" + Text);
            return Children.Count == 0 ? self : $"{self}[{string.Join(",", Children.Select(c => c.Signature(withSizes)))}]";
        }
    }

    /// <summary>The level-1 elements of each EBML document in <paramref name="data"/>; a truncated last element is left out.</summary>
    public static List<List<Element>> Documents(byte[] data)
    {
        var documents = new List<List<Element>>();
        long offset = 0;
        while (Header(data, offset) is { } header)
        {
            var (id, idLength, size, sizeLength) = header;
            var dataStart = offset + idLength + sizeLength;
            switch (id)
            {
                case MkvElementIds.Ebml:
                    documents.Add([]);
                    offset = dataStart + (long)size!.Value;
                    break;
                case MkvElementIds.Segment when size is null:
                    offset = dataStart;
                    break;
                case MkvElementIds.Cluster when size is null:
                    documents[^1].Add(new Element(id, offset, sizeLength, null, []));
                    offset = SkipUnknownSizeCluster(data, dataStart);
                    break;
                default:
                    if (dataStart + (long)size!.Value > data.Length)
                    {
                        return documents;
                    }

                    var children = id == MkvElementIds.Tags ? Children(data, dataStart, (long)size.Value) : [];
                    documents[^1].Add(new Element(id, offset, sizeLength, size, children));
                    offset = dataStart + (long)size.Value;
                    break;
            }
        }

        return documents;
    }

    // Tag and SimpleTag are descended into; TagName and TagString keep their text.
    private static List<Element> Children(byte[] data, long start, long length)
    {
        var children = new List<Element>();
        var offset = start;
        while (offset < start + length && Header(data, offset) is { } header)
        {
            var (id, idLength, size, sizeLength) = header;
            var dataStart = offset + idLength + sizeLength;
            var grandchildren = id is MkvElementIds.Tag or MkvElementIds.SimpleTag ? Children(data, dataStart, (long)size!.Value) : [];
            var text = id == MkvElementIds.TagName ? Encoding.UTF8.GetString(data, (int)dataStart, (int)size!.Value) : null;
            children.Add(new Element(id, offset, sizeLength, size, grandchildren, text));
            offset = dataStart + (long)size!.Value;
        }

        return children;
    }

    // An unknown-size Cluster ends where a level-1 element (or the next document) starts.
    private static long SkipUnknownSizeCluster(byte[] data, long offset)
    {
        while (Header(data, offset) is { } header && header.Id is not (MkvElementIds.Tags or MkvElementIds.Cluster or MkvElementIds.Ebml or MkvElementIds.Info or MkvElementIds.Tracks))
        {
            offset += header.IdLength + header.SizeLength + (long)header.Size!.Value;
        }

        return offset;
    }

    private static (uint Id, int IdLength, ulong? Size, int SizeLength)? Header(byte[] data, long offset)
    {
        if (offset >= data.Length)
        {
            return null;
        }

        var span = data.AsSpan((int)offset);
        if (EbmlVarInt.TryReadId(span, out var id, out var idLength) != OperationStatus.Done
            || EbmlVarInt.TryReadSize(span[idLength..], out var size, out var sizeLength) != OperationStatus.Done)
        {
            return null;
        }

        return (id, idLength, size == EbmlVarInt.UnknownSize ? null : size, sizeLength);
    }
}
