using System.Buffers;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Where <see cref="MediaFragmentReader"/> keeps the frames and tags of the fragment it is reading:
/// arrays reused from one fragment to the next (they grow to the largest fragment seen, then stop
/// allocating), holding stream offsets while the fragment's bytes arrive and, once it is complete,
/// slices of the caller's buffer. A fragment handed out records the <see cref="Generation"/> it
/// belongs to; moving on bumps it, so a stale fragment can tell that its slices are gone.
/// </summary>
internal sealed class FragmentSlots
{
    private const int InitialFrames = 64;
    private const int InitialTags = 16;

    public FrameSlot[] Frames { get; private set; } = new FrameSlot[InitialFrames];

    public int FrameCount { get; private set; }

    public TagSlot[] Tags { get; private set; } = new TagSlot[InitialTags];

    public int TagCount { get; private set; }

    /// <summary>The bytes of every frame added since <see cref="Clear"/>.</summary>
    public long FrameBytes { get; private set; }

    /// <summary>Bumped whenever the slots stop describing the fragment last handed out.</summary>
    public int Generation { get; private set; }

    public void Clear()
    {
        FrameCount = 0;
        TagCount = 0;
        FrameBytes = 0;
    }

    public void Release() => Generation++;

    public void AddFrame(ulong trackNumber, long timecode, bool isKeyFrame, long offset, int length, in ReadOnlySequence<byte> payload)
    {
        Frames = Room(Frames, FrameCount);
        ref var frame = ref Frames[FrameCount++];
        frame.TrackNumber = trackNumber;
        frame.Timecode = timecode;
        frame.IsKeyFrame = isKeyFrame;
        frame.Offset = offset;
        frame.Length = length;
        frame.Payload = payload;
        FrameBytes += length;
    }

    public void AddTag(in TagSlot tag)
    {
        Tags = Room(Tags, TagCount);
        Tags[TagCount++] = tag;
    }

    // The array, doubled when it is full: the slots grow to the largest fragment seen, then stay.
    private static T[] Room<T>(T[] array, int count)
    {
        if (count == array.Length)
        {
            Array.Resize(ref array, array.Length * 2);
        }

        return array;
    }

    /// <summary>
    /// Turns the recorded stream offsets into slices of <paramref name="buffer"/>, which starts at
    /// stream offset <paramref name="bufferOffset"/> and holds every recorded byte. Walks the buffer
    /// once, in stream order, so the cost is one pass over its segments whatever the frame count.
    /// </summary>
    public void Materialize(in ReadOnlySequence<byte> buffer, long bufferOffset)
    {
        var position = buffer.Start;
        var at = bufferOffset;
        for (var i = 0; i < FrameCount; i++)
        {
            ref var frame = ref Frames[i];
            position = buffer.GetPosition(frame.Offset - at, position);
            at = frame.Offset;
            frame.Payload = buffer.Slice(position, frame.Length);
        }

        // Tags are few (a handful per fragment): slice each from the buffer's start.
        for (var i = 0; i < TagCount; i++)
        {
            ref var tag = ref Tags[i];
            tag.Name = buffer.Slice(tag.NameOffset - bufferOffset, tag.NameLength);
            tag.Value = buffer.Slice(tag.ValueOffset - bufferOffset, tag.ValueLength);
        }
    }
}

/// <summary>One frame of the fragment being read: its stream offset and length, then its slice.</summary>
internal struct FrameSlot
{
    public ulong TrackNumber;
    public long Timecode;
    public bool IsKeyFrame;
    public long Offset;
    public int Length;
    public ReadOnlySequence<byte> Payload;
}

/// <summary>One SimpleTag of the fragment being read: where its name and value are, then their slices.</summary>
internal struct TagSlot
{
    public long NameOffset;
    public int NameLength;
    public long ValueOffset;
    public int ValueLength;
    public bool IsBinary;

    /// <summary>True for the service's tags (AWS_KINESISVIDEO_*, string-valued); false for metadata.</summary>
    public bool IsServiceTag;
    public ReadOnlySequence<byte> Name;
    public ReadOnlySequence<byte> Value;
}
