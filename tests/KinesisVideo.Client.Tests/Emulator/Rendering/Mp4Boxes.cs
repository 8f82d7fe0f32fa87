using System.Buffers.Binary;
using System.Text;

namespace KinesisVideo.Client.Tests.Emulator.Rendering;

/// <summary>A box of an MP4 file as the tests read it back: type, where it starts, its size, its payload and children.</summary>
internal sealed record Mp4Box(string Type, int Offset, int Size, ReadOnlyMemory<byte> Payload, List<Mp4Box> Children)
{
    // Where each container's child boxes start in its payload: right away, after a full box's
    // version, flags and entry count (dref, stsd), or after a sample entry's fields.
    private static readonly Dictionary<string, int> s_containers = new()
    {
        ["moov"] = 0, ["trak"] = 0, ["mdia"] = 0, ["minf"] = 0, ["dinf"] = 0, ["stbl"] = 0, ["mvex"] = 0, ["moof"] = 0, ["traf"] = 0, ["edts"] = 0,
        ["dref"] = 8, ["stsd"] = 8, ["avc1"] = 78, ["hvc1"] = 78, ["mp4a"] = 28,
    };

    /// <summary>The boxes of <paramref name="data"/>, containers opened; fails when a size runs past its parent.</summary>
    public static List<Mp4Box> Parse(ReadOnlyMemory<byte> data, int baseOffset = 0)
    {
        var boxes = new List<Mp4Box>();
        var position = 0;
        while (position < data.Length)
        {
            Assert.That(data.Length - position, Is.GreaterThanOrEqualTo(8), $"a box header at {baseOffset + position}");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.Span[position..]);
            var type = Encoding.ASCII.GetString(data.Span.Slice(position + 4, 4));
            Assert.That(size, Is.InRange(8, data.Length - position), $"the size of {type} at {baseOffset + position}");
            var payload = data.Slice(position + 8, size - 8);
            var children = s_containers.TryGetValue(type, out var skip) ? Parse(payload[skip..], baseOffset + position + 8 + skip) : [];
            boxes.Add(new Mp4Box(type, baseOffset + position, size, payload, children));
            position += size;
        }

        return boxes;
    }

    /// <summary>The first box at <paramref name="path"/> ("moov/trak/mdia/mdhd") below <paramref name="boxes"/>.</summary>
    public static Mp4Box Find(List<Mp4Box> boxes, string path) => FindAll(boxes, path).First();

    public static IEnumerable<Mp4Box> FindAll(List<Mp4Box> boxes, string path)
    {
        var parts = path.Split('/');
        IEnumerable<Mp4Box> level = boxes;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            level = level.Where(b => b.Type == part);
            if (i + 1 < parts.Length)
            {
                level = level.SelectMany(b => b.Children);
            }
        }

        return level;
    }

    /// <summary>Every box in depth-first order as (depth, type, size): the shape AtomicParsley -T prints.</summary>
    public static IEnumerable<(int Depth, string Type, int Size)> Flatten(List<Mp4Box> boxes, int depth = 0)
    {
        foreach (var box in boxes)
        {
            yield return (depth, box.Type, box.Size);
            foreach (var child in Flatten(box.Children, depth + 1))
            {
                yield return child;
            }
        }
    }

    public uint UInt32At(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Payload.Span[offset..]);

    public int Int32At(int offset) => BinaryPrimitives.ReadInt32BigEndian(Payload.Span[offset..]);

    public ulong UInt64At(int offset) => BinaryPrimitives.ReadUInt64BigEndian(Payload.Span[offset..]);

    public ushort UInt16At(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Payload.Span[offset..]);
}
