using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Splits an Annex-B H.264/H.265 byte stream into access units, in Kestrel's try-parse style: the
/// buffer always starts at the current access unit, which is returned once the first NAL unit of
/// the next one (or the end of the input) shows where it ends. Start codes are searched once per
/// byte however the input is cut; an access unit longer than the limit is refused before more of
/// it is buffered.
/// </summary>
/// <remarks>
/// An access unit ends before an AUD, a parameter set, a prefix SEI (and the other units the
/// specifications list) or the first slice of a new picture (first_mb_in_slice 0 in H.264,
/// first_slice_segment_in_pic_flag in H.265) that follows a slice. Not thread-safe.
/// </remarks>
internal sealed class AnnexBAccessUnitReader : IPipeItemParser<AnnexBAccessUnit>
{
    private readonly int _maxAccessUnitSize;
    private AnnexBNalUnit[] _units = new AnnexBNalUnit[16];
    private int _unitCount;
    private long _offset;
    private long _scanned;
    private long _zeros;
    private long _openUnit = -1;
    private int _openType;
    private NalRole _openRole;
    private bool _hasSlice;
    private bool _isKeyFrame;
    private bool _started;

    /// <param name="codec">The codec, or null to tell it from the first NAL unit.</param>
    /// <param name="maxAccessUnitSize">The longest access unit accepted, in input bytes.</param>
    public AnnexBAccessUnitReader(AnnexBCodec? codec, int maxAccessUnitSize)
    {
        Codec = codec;
        _maxAccessUnitSize = maxAccessUnitSize;
    }

    /// <summary>The codec: as given, or as told from the first NAL unit once it was read.</summary>
    public AnnexBCodec? Codec { get; private set; }

    /// <exception cref="AnnexBFormatException">The input is not Annex-B, its codec cannot be told, or an access unit is too long.</exception>
    public bool TryRead(in ReadOnlySequence<byte> buffer, bool isFinalBlock, out AnnexBAccessUnit item, out SequencePosition consumed, out SequencePosition examined)
    {
        Span<byte> head = stackalloc byte[AnnexBSyntax.ClassifyBytes];
        while (true)
        {
            if (!TryFindStartCode(buffer, out var zeroRunStart, out var unitStart))
            {
                if (!_started && _zeros != buffer.Length)
                {
                    ThrowNotAnnexB();
                }

                if (!isFinalBlock)
                {
                    RequireWithinLimit(buffer.Length);
                    return NeedMore(buffer, out item, out consumed, out examined);
                }

                // The input ended: the last unit runs to its end, less trailing zero bytes.
                CloseOpenUnit(Math.Max(buffer.Length - _zeros, _openUnit + 1));
                consumed = examined = buffer.End;
                if (_hasSlice)
                {
                    item = Emit(buffer, buffer.Length);
                    return true;
                }

                // Parameter sets or SEI with no picture after them: nothing to return.
                item = default;
                return false;
            }

            if (!_started)
            {
                // Only leading zero bytes (leading_zero_8bits) may precede the first start code.
                if (zeroRunStart != 0)
                {
                    ThrowNotAnnexB();
                }

                _started = true;
            }

            var available = (int)Math.Min(AnnexBSyntax.ClassifyBytes, buffer.Length - unitStart);
            if (available < AnnexBSyntax.ClassifyBytes && !isFinalBlock)
            {
                // Find this start code again once the unit's first bytes are here.
                _scanned = unitStart - 1;
                _zeros = unitStart - 1 - zeroRunStart;
                RequireWithinLimit(buffer.Length);
                return NeedMore(buffer, out item, out consumed, out examined);
            }

            CloseOpenUnit(zeroRunStart);
            buffer.Slice(unitStart, available).CopyTo(head);
            if (available == 0 || (available > 1 && head[0] == 0 && head[1] == 0))
            {
                // An empty unit (a start code right after another): nothing to record.
                continue;
            }

            var codec = Codec ?? Detect(head[..available], unitStart);
            var role = AnnexBSyntax.Classify(codec, head[..available]);
            if (_hasSlice && (role & (NalRole.StartsAccessUnit | NalRole.FirstSliceOfPicture)) != 0)
            {
                item = Emit(buffer, zeroRunStart);
                consumed = examined = buffer.GetPosition(zeroRunStart);
                return true;
            }

            RequireWithinLimit(unitStart);
            _openUnit = unitStart;
            _openType = AnnexBSyntax.GetType(codec, head[0]);
            _openRole = role;
            _hasSlice |= (role & NalRole.Slice) != 0;
            _isKeyFrame |= (role & NalRole.KeySlice) != 0;
        }
    }

    // Finds the next 00 00 01 from _scanned on, carrying the run of zeros across segments and calls.
    private bool TryFindStartCode(in ReadOnlySequence<byte> buffer, out long zeroRunStart, out long unitStart)
    {
        var position = _scanned;
        var zeros = _zeros;
        foreach (var memory in buffer.Slice(_scanned))
        {
            var span = memory.Span;
            var i = 0;
            while (i < span.Length)
            {
                var one = span[i..].IndexOf((byte)1);
                if (one < 0)
                {
                    zeros = CountZeroRun(span[i..], zeros);
                    position += span.Length - i;
                    break;
                }

                var run = CountZeroRun(span.Slice(i, one), zeros);
                if (run >= 2)
                {
                    var at = position + one;
                    zeroRunStart = at - run;
                    unitStart = at + 1;
                    _scanned = unitStart;
                    _zeros = 0;
                    return true;
                }

                zeros = 0;
                position += one + 1;
                i += one + 1;
            }
        }

        _scanned = position;
        _zeros = zeros;
        zeroRunStart = unitStart = -1;
        return false;
    }

    // The zero bytes that end `span`, plus the run before it when `span` is all zeros.
    private static long CountZeroRun(ReadOnlySpan<byte> span, long zerosBefore)
    {
        var last = span.LastIndexOfAnyExcept((byte)0);
        return last < 0 ? zerosBefore + span.Length : span.Length - 1 - last;
    }

    private void CloseOpenUnit(long end)
    {
        if (_openUnit < 0)
        {
            return;
        }

        RequireWithinLimit(end);
        var length = end - _openUnit;
        if (length > 0)
        {
            if (_unitCount == _units.Length)
            {
                Array.Resize(ref _units, _units.Length * 2);
            }

            _units[_unitCount++] = new AnnexBNalUnit(_openUnit, (int)length, _openType, _openRole);
        }

        _openUnit = -1;
    }

    private AnnexBAccessUnit Emit(in ReadOnlySequence<byte> buffer, long end)
    {
        var unit = new AnnexBAccessUnit(buffer.Slice(0, end), _units.AsMemory(0, _unitCount), _isKeyFrame, _offset);
        _offset += end;
        _unitCount = 0;
        _scanned = 0;
        _zeros = 0;
        _openUnit = -1;
        _hasSlice = false;
        _isKeyFrame = false;
        return unit;
    }

    private static bool NeedMore(in ReadOnlySequence<byte> buffer, out AnnexBAccessUnit item, out SequencePosition consumed, out SequencePosition examined)
    {
        item = default;
        consumed = buffer.Start;
        examined = buffer.End;
        return false;
    }

    private AnnexBCodec Detect(ReadOnlySpan<byte> head, long unitStart)
    {
        if (!AnnexBSyntax.TryDetect(head, out var codec))
        {
            throw new AnnexBFormatException(
                $"The first NAL unit (header {Convert.ToHexString(head[..Math.Min(2, head.Length)])}) is neither a usual first unit of H.264 nor of H.265; set AnnexBFrameSourceOptions.Codec",
                _offset + unitStart);
        }

        Codec = codec;
        return codec;
    }

    private void RequireWithinLimit(long accessUnitLength)
    {
        if (accessUnitLength > _maxAccessUnitSize)
        {
            throw new AnnexBFormatException(
                _started
                    ? $"An access unit is longer than MaxAccessUnitSize ({_maxAccessUnitSize} bytes); raise AnnexBFrameSourceOptions.MaxAccessUnitSize, or check that the input is H.264/H.265 Annex-B"
                    : $"No Annex-B start code in the first {_maxAccessUnitSize} bytes: the input is not raw H.264/H.265",
                _offset);
        }
    }

    private void ThrowNotAnnexB() => throw new AnnexBFormatException(
        "The input does not start with an Annex-B start code (00 00 01 or 00 00 00 01), so it is not raw H.264/H.265; "
        + "remux a container to a raw stream first, e.g. ffmpeg -i in.mp4 -c:v copy -bsf:v h264_mp4toannexb -f h264 -",
        _offset);
}
