using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>One NAL unit of an access unit: where its bytes are (start code and trailing zeros excluded) and what it is.</summary>
/// <param name="Offset">From the start of the access unit's bytes.</param>
/// <param name="Length">The unit's length, NAL header included.</param>
/// <param name="Type">nal_unit_type.</param>
/// <param name="Role">What the unit is.</param>
internal readonly record struct AnnexBNalUnit(long Offset, int Length, int Type, NalRole Role);

/// <summary>
/// An access unit (one coded picture with its parameter sets, SEI and delimiter) as
/// <see cref="AnnexBAccessUnitReader"/> found it: slices of the input, valid until the input is advanced.
/// </summary>
internal readonly struct AnnexBAccessUnit
{
    public AnnexBAccessUnit(ReadOnlySequence<byte> bytes, ReadOnlyMemory<AnnexBNalUnit> units, bool isKeyFrame, long offset)
    {
        Bytes = bytes;
        Units = units;
        IsKeyFrame = isKeyFrame;
        Offset = offset;
    }

    /// <summary>The access unit's bytes in the input, start codes included.</summary>
    public ReadOnlySequence<byte> Bytes { get; }

    /// <summary>Its NAL units in order (a view of the reader's own list, valid until the next read).</summary>
    public ReadOnlyMemory<AnnexBNalUnit> Units { get; }

    /// <summary>True when it holds an IDR (H.264) or IRAP (H.265) slice.</summary>
    public bool IsKeyFrame { get; }

    /// <summary>Its byte offset from the start of the input.</summary>
    public long Offset { get; }

    /// <summary>The bytes of unit <paramref name="unit"/>.</summary>
    public ReadOnlySequence<byte> GetBytes(in AnnexBNalUnit unit) => Bytes.Slice(unit.Offset, unit.Length);
}
