using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Frames from a raw Annex-B H.264 or H.265 elementary stream, what cameras and encoders emit (for
/// example <c>ffmpeg … -c:v libx264 -f h264 -</c>). Reads forward only, access unit by access unit
/// as the bytes arrive; memory is bounded by <see cref="AnnexBFrameSourceOptions.MaxAccessUnitSize"/>.
/// </summary>
/// <remarks>
/// <para>
/// One video track, numbered 1. Its CodecPrivate (avcC or hvcC) is built from the last SPS and PPS
/// (and VPS) seen up to the first key frame: an IDR picture in H.264, an IRAP picture (IDR, CRA,
/// BLA) in H.265. Access units before that key frame cannot be decoded and are dropped, and counted
/// in <see cref="DroppedAccessUnits"/>.
/// </para>
/// <para>
/// Each access unit becomes one frame with 4-byte NAL lengths (AVCC), access unit delimiters
/// removed, parameter sets kept unless <see cref="AnnexBFrameSourceOptions.InBandParameterSets"/> is
/// false. Frame <c>n</c> from the first key frame is at <c>n</c> / <see cref="AnnexBFrameSourceOptions.FrameRate"/>:
/// decode order, which is presentation order only for streams without B-frames.
/// </para>
/// <para>
/// A frame's <see cref="MediaFrame.Data"/> is one reused buffer, valid until the enumeration moves
/// on; reading allocates nothing per frame. Not thread-safe.
/// </para>
/// </remarks>
public sealed class AnnexBFrameSource : IMediaFrameSource
{
    private readonly SourceInput _input;
    private readonly AnnexBFrameSourceOptions _options;
    private readonly AnnexBAccessUnitReader _parser;
    private readonly PipeItemReader<AnnexBAccessUnit> _units;
    private readonly FrameScratchBuffer _scratch = new();
    private IReadOnlyList<MediaTrack>? _tracks;
    private ReadOnlyMemory<byte> _firstFrame;
    private long _frameIndex;

    /// <summary>Reads from a stream, forward only (pipes, sockets and standard input do).</summary>
    /// <param name="input">The Annex-B bytes.</param>
    /// <param name="options">The frame rate (required), codec and limits.</param>
    /// <param name="leaveOpen">False (the default) disposes <paramref name="input"/> with the source. The source reads ahead, so the stream's position afterwards is not the end of what was used.</param>
    public AnnexBFrameSource(Stream input, AnnexBFrameSourceOptions options, bool leaveOpen = false)
        : this(options, o => SourceInput.FromStream(input, o.StreamReadSize, leaveOpen))
    {
    }

    /// <summary>Reads from a pipe.</summary>
    /// <param name="input">The Annex-B bytes.</param>
    /// <param name="options">The frame rate (required), codec and limits.</param>
    /// <param name="leaveOpen">False (the default) completes <paramref name="input"/> with the source; true hands it back advanced to the end of the last access unit read.</param>
    public AnnexBFrameSource(PipeReader input, AnnexBFrameSourceOptions options, bool leaveOpen = false)
        : this(options, _ => SourceInput.FromPipe(input, leaveOpen))
    {
    }

    private AnnexBFrameSource(AnnexBFrameSourceOptions options, Func<AnnexBFrameSourceOptions, SourceInput> open)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _input = open(options);
        _parser = new AnnexBAccessUnitReader(options.Codec, options.MaxAccessUnitSize);
        _units = new PipeItemReader<AnnexBAccessUnit>(_input.Reader, _parser);
    }

    /// <summary>The codec: as configured, or as told from the first NAL unit once tracks were read; null before.</summary>
    public AnnexBCodec? Codec => _parser.Codec;

    /// <summary>Access units read before the first key frame with its parameter sets, and dropped.</summary>
    public long DroppedAccessUnits { get; private set; }

    /// <inheritdoc />
    /// <exception cref="AnnexBFormatException">
    /// The input is not Annex-B H.264/H.265, an access unit is too long, the parameter sets do not
    /// parse, or the input ends before a key frame with its parameter sets.
    /// </exception>
    public async ValueTask<IReadOnlyList<MediaTrack>> ReadTracksAsync(CancellationToken cancellationToken)
    {
        _input.ThrowIfDisposed();
        if (_tracks is not null)
        {
            return _tracks;
        }

        var parameterSets = new ParameterSetCollector();
        while (await _units.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var unit = _units.Current;
            var codec = _parser.Codec!.Value;
            parameterSets.Collect(codec, unit);
            if (unit.IsKeyFrame && parameterSets.TryCreateTrack(codec, unit.Offset, out var track))
            {
                _firstFrame = ToAvcc(unit);
                _tracks = [track];
                return _tracks;
            }

            DroppedAccessUnits++;
        }

        throw new AnnexBFormatException(
            $"The input ended after {DroppedAccessUnits} access units without a key frame preceded by its parameter sets ({(_parser.Codec == AnnexBCodec.H265 ? "VPS, SPS, PPS" : "SPS, PPS")}), so it cannot be decoded");
    }

    /// <inheritdoc />
    /// <exception cref="AnnexBFormatException">The input is malformed or an access unit is too long.</exception>
    /// <exception cref="InvalidOperationException">The frames were already read.</exception>
    public async IAsyncEnumerable<MediaFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _input.StartFrames();
        await ReadTracksAsync(cancellationToken).ConfigureAwait(false);
        yield return new MediaFrame(1, _options.FrameRate.GetTimestamp(_frameIndex++), true, _firstFrame);
        while (await _units.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var unit = _units.Current;
            yield return new MediaFrame(1, _options.FrameRate.GetTimestamp(_frameIndex++), unit.IsKeyFrame, ToAvcc(unit));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _input.DisposeAsync(_units).ConfigureAwait(false);
        _scratch.Dispose();
    }

    // Rewrites the access unit with 4-byte NAL lengths into the scratch buffer.
    private ReadOnlyMemory<byte> ToAvcc(in AnnexBAccessUnit unit)
    {
        var units = unit.Units.Span;
        var length = 0;
        foreach (ref readonly var nal in units)
        {
            length += Keep(nal) ? 4 + nal.Length : 0;
        }

        var output = _scratch.Get(length);
        var span = output.Span;
        var written = 0;
        foreach (ref readonly var nal in units)
        {
            if (Keep(nal))
            {
                BinaryPrimitives.WriteInt32BigEndian(span[written..], nal.Length);
                unit.GetBytes(nal).CopyTo(span[(written + 4)..]);
                written += 4 + nal.Length;
            }
        }

        return output;
    }

    private bool Keep(in AnnexBNalUnit nal) =>
        (nal.Role & NalRole.Delimiter) == 0 && (_options.InBandParameterSets || (nal.Role & NalRole.ParameterSet) == 0);
}
