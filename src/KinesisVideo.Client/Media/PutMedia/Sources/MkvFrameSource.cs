using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Frames from a Matroska or WebM stream: a file, or a live pipe such as
/// <c>ffmpeg -i rtsp://… -c copy -f matroska -</c>. Reads forward only, frame by frame as the bytes
/// arrive, never the whole input and never seeking; memory is bounded by the largest block.
/// </summary>
/// <remarks>
/// <para>
/// Tracks come from the TrackEntry elements: H.264, H.265 and AAC through <see cref="MediaTrack"/>'s
/// factories (so a bad CodecPrivate is refused up front), any other codec as
/// <see cref="MediaTrack.Custom"/>. The first video and first audio track are taken unless
/// <see cref="MkvFrameSourceOptions.TrackNumbers"/> says otherwise; they are numbered 1..n in the
/// order the input declares them, whatever numbers the input uses.
/// </para>
/// <para>
/// A frame's timestamp is its block's presentation time (Cluster Timecode + block offset, ×
/// TimecodeScale), rebased to the first frame by default (<see cref="MkvFrameSourceOptions.RebaseTimestamps"/>).
/// With B-frames, presentation times do not increase in the order frames are stored. The input's
/// Clusters are ignored (the session fragments at video key frames itself), and so are Tags, Cues
/// and SeekHead. Concatenated EBML documents (saved GetMedia output) are read through; Tracks they
/// repeat must not change the chosen tracks.
/// </para>
/// <para>
/// Laced blocks (mkvmerge laces audio by default) are split: frame <c>i</c> of a lace is presented at
/// the block's time + <c>i</c> × the track's DefaultDuration, as mkvextract and the Matroska
/// specification have it. A lace on a track without DefaultDuration is refused with
/// <see cref="MkvFormatException"/>, which says how to remux.
/// </para>
/// <para>
/// A frame's <see cref="MediaFrame.Data"/> is a slice of the input buffers, or of one reused buffer
/// when the frame spans two of the input's buffer segments; either way it is valid until the enumeration moves on. Not thread-safe.
/// </para>
/// </remarks>
public sealed class MkvFrameSource : IMediaFrameSource
{
    private readonly SourceInput _input;
    private readonly MkvFrameSourceOptions _options;
    private readonly PipeItemReader<MkvEvent> _events;
    private readonly MkvSourceTracks _tracks = new();
    private readonly FrameScratchBuffer _scratch = new();
    private readonly int[] _laceSizes = new int[MkvLaces.MaxFrames];
    private bool _tracksRead;
    private bool _hasOrigin;
    private Int128 _originNanoseconds;

    /// <summary>Reads from a stream, forward only (pipes, sockets and standard input do).</summary>
    /// <param name="input">The Matroska/WebM bytes.</param>
    /// <param name="options">Track choice, timestamps, limits; the defaults when null.</param>
    /// <param name="leaveOpen">False (the default) disposes <paramref name="input"/> with the source. The source reads ahead, so the stream's position afterwards is not the end of what was used.</param>
    public MkvFrameSource(Stream input, MkvFrameSourceOptions? options = null, bool leaveOpen = false)
        : this(options, o => SourceInput.FromStream(input, o.StreamReadSize, leaveOpen))
    {
    }

    /// <summary>Reads from a pipe, for example a request body or a socket's pipe.</summary>
    /// <param name="input">The Matroska/WebM bytes.</param>
    /// <param name="options">Track choice, timestamps, limits; the defaults when null.</param>
    /// <param name="leaveOpen">False (the default) completes <paramref name="input"/> with the source; true hands it back advanced to the end of the last element read.</param>
    public MkvFrameSource(PipeReader input, MkvFrameSourceOptions? options = null, bool leaveOpen = false)
        : this(options, _ => SourceInput.FromPipe(input, leaveOpen))
    {
    }

    private MkvFrameSource(MkvFrameSourceOptions? options, Func<MkvFrameSourceOptions, SourceInput> open)
    {
        _options = options ?? MkvFrameSourceOptions.Default;
        _options.Validate();
        _input = open(_options);
        var reader = new MkvReaderOptions
        {
            MaxFrameSize = _options.MaxFrameSize,
            // Clusters stream past; nothing buffers one, so their size needs no bound.
            MaxFragmentSize = long.MaxValue,
            AcceptLacedBlocks = true,
        };
        _events = new PipeItemReader<MkvEvent>(_input.Reader, new MkvEventParser(reader));
    }

    /// <summary>Frames read from tracks that were not chosen, and so not returned.</summary>
    public long SkippedFrames { get; private set; }

    /// <inheritdoc />
    /// <exception cref="MkvFormatException">
    /// The input is malformed or truncated, declares no tracks before its first Cluster, has no video or
    /// audio track (with the default choice), lacks a chosen track number, or has an invalid CodecPrivate.
    /// </exception>
    public async ValueTask<IReadOnlyList<MediaTrack>> ReadTracksAsync(CancellationToken cancellationToken)
    {
        _input.ThrowIfDisposed();
        if (!_tracksRead)
        {
            // Tracks precede the first Cluster; the Cluster's Timecode is where the header ends.
            while (await _events.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                var item = _events.Current;
                if (item.Kind == MkvEventKind.TrackEntry)
                {
                    _tracks.Declare(item.TrackEntry!, item.Offset);
                }
                else if (item.Kind is MkvEventKind.ClusterStart or MkvEventKind.Frame)
                {
                    break;
                }
            }

            _tracks.Choose(_options.TrackNumbers);
            _tracksRead = true;
        }

        return _tracks.MediaTracks;
    }

    /// <inheritdoc />
    /// <exception cref="MkvFormatException">The input is malformed or truncated, a lace cannot be split, or a chosen track changes.</exception>
    /// <exception cref="InvalidOperationException">The frames were already read.</exception>
    public async IAsyncEnumerable<MediaFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _input.StartFrames();
        await ReadTracksAsync(cancellationToken).ConfigureAwait(false);
        while (await _events.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            var item = _events.Current;
            if (item.Kind == MkvEventKind.TrackEntry)
            {
                _tracks.Redeclare(item.TrackEntry!, item.Offset);
                continue;
            }

            if (item.Kind != MkvEventKind.Frame)
            {
                continue;
            }

            var frame = item.Frame;
            if (!_tracks.TryMap(frame.TrackNumber, out var track, out var entry))
            {
                SkippedFrames++;
                continue;
            }

            var nanoseconds = (Int128)frame.Timecode * frame.TimecodeScale;
            if (frame.Lacing == MkvLacing.None)
            {
                yield return new MediaFrame(track, ToTimestamp(nanoseconds), frame.IsKeyFrame, AsMemory(frame.Payload));
                continue;
            }

            var count = ReadLace(frame, entry, item.Offset, out var position);
            for (var i = 0; i < count; i++)
            {
                var size = _laceSizes[i];
                var data = AsMemory(frame.Payload.Slice(position, size));
                position += size;
                // The block's key flag says every frame of the lace is a key frame, or not.
                yield return new MediaFrame(track, ToTimestamp(nanoseconds + ((Int128)i * entry.DefaultDuration)), frame.IsKeyFrame, data);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _input.DisposeAsync(_events).ConfigureAwait(false);
        _scratch.Dispose();
    }

    private int ReadLace(in MkvFrame frame, MkvTrackEntry entry, long offset, out long firstFrame)
    {
        if (!MkvLaces.TryReadSizes(frame.Payload, frame.Lacing, _laceSizes, out var count, out var header))
        {
            throw new MkvFormatException($"The {frame.Lacing} lace header of a block of track {frame.TrackNumber} is malformed or its sizes do not add up", offset);
        }

        if (count > 1 && entry.DefaultDuration == 0)
        {
            throw new MkvFormatException(
                $"A block of track {frame.TrackNumber} laces {count} frames, but the track declares no DefaultDuration, so their timestamps are unknown; "
                + "remux without lacing (mkvmerge -o out.mkv --disable-lacing in.mkv, or ffmpeg -i in.mkv -c copy out.mkv)",
                offset);
        }

        firstFrame = header;
        return count;
    }

    private TimeSpan ToTimestamp(Int128 nanoseconds)
    {
        if (_options.RebaseTimestamps)
        {
            if (!_hasOrigin)
            {
                _hasOrigin = true;
                _originNanoseconds = nanoseconds;
            }

            nanoseconds -= _originNanoseconds;
        }

        return TimeSpan.FromTicks((long)Int128.Clamp(nanoseconds / 100, long.MinValue, long.MaxValue));
    }

    private ReadOnlyMemory<byte> AsMemory(in ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? payload.First : _scratch.CopyOf(payload);
}
