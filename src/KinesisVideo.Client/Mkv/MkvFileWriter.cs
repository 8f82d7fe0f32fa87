using System.Buffers;
using System.Buffers.Binary;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Writes parsed fragments (a live GetMedia, a downloaded range) back out as one playable Matroska
/// file: one EBML header and one Segment declaring the first fragment's tracks, then the fragments'
/// frames as known-size Clusters, in the order they are given.
/// </summary>
/// <remarks>
/// <para>
/// A destination that can seek is finished when <see cref="CompleteAsync"/> is called: the
/// Segment's size, the Duration, a SeekHead and Cues (one per cluster that starts with a key frame
/// of the first video track) are written, so players can seek. Until then, and for good on a
/// destination that cannot seek, the Segment says "unknown size" and the file plays from start to
/// end like a live recording.
/// </para>
/// <para>
/// Each fragment becomes one Cluster (more when its frames span more than the 16-bit relative
/// timecode of a block). Timestamps are converted to <see cref="MkvFileWriterOptions.TimecodeScale"/>
/// and, by default, moved so the file starts at 0, with the first fragment's producer timestamp in
/// DateUTC. A fragment whose tracks differ from the file's is refused with
/// <see cref="MkvTracksChangedException"/> (nothing of it is written), and so is one that starts
/// before the file does. Error fragments are refused; fragments without frames are skipped.
/// </para>
/// <para>
/// Frames are copied once, into a buffer of the fragment's size that is reused. The destination
/// is not disposed. Not thread-safe.
/// </para>
/// </remarks>
public sealed class MkvFileWriter : IAsyncDisposable
{
    // SimpleBlock: id, size (up to 8), track (up to 8), int16 timecode, flags.
    private const int MaxBlockHeaderLength = 1 + 8 + 8 + 3;

    private readonly Stream _destination;
    private readonly MkvFileWriterOptions _options;
    private readonly MkvFileLayout _layout;
    private readonly long _fileStart;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<(long Time, long ClusterPosition)> _cues = [];
    private readonly List<ClusterPlan> _clusters = [];
    private IReadOnlyList<MkvTrackEntry>? _tracks;
    private ulong _cueTrack;
    private long _origin;
    private long _end;
    private long _written;
    private bool _completed;

    /// <summary>Writes to <paramref name="destination"/> from its current position.</summary>
    /// <param name="destination">Where the file goes: a file, a pipe, a response body.</param>
    /// <param name="options">The layout; <see cref="MkvFileWriterOptions.Default"/> when null.</param>
    public MkvFileWriter(Stream destination, MkvFileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }

        _destination = destination;
        _options = options ?? MkvFileWriterOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.TimecodeScale);
        IsSeekable = _options.Seekable ?? destination.CanSeek;
        if (IsSeekable && !destination.CanSeek)
        {
            throw new ArgumentException("Seekable was asked for but the destination stream cannot seek.", nameof(options));
        }

        _fileStart = IsSeekable ? destination.Position : 0;
        _layout = new MkvFileLayout(IsSeekable);
    }

    /// <summary>True when the file is finished with its sizes, Duration, SeekHead and Cues.</summary>
    public bool IsSeekable { get; }

    /// <summary>The tracks the file declares (the first written fragment's); null before that.</summary>
    public IReadOnlyList<MkvTrackEntry>? Tracks => _tracks;

    /// <summary>How many fragments were written.</summary>
    public long FragmentsWritten { get; private set; }

    /// <summary>How many frames were written.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>How many bytes the file has so far.</summary>
    public long BytesWritten => _written;

    /// <summary>Appends <paramref name="fragment"/>'s frames; call it before the reader moves on.</summary>
    /// <exception cref="MkvTracksChangedException">The fragment's tracks differ from the file's; nothing was written.</exception>
    /// <exception cref="ArgumentException">The fragment is an error, has a frame of an undeclared track, or starts before the file does.</exception>
    /// <exception cref="InvalidOperationException">The file is complete, or the reader has moved past the fragment.</exception>
    public async ValueTask WriteAsync(MediaFragment fragment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (fragment.IsError)
        {
            throw new ArgumentException($"{fragment} carries no media.", nameof(fragment));
        }

        var frames = fragment.Frames;
        if (frames.Count == 0)
        {
            return;
        }

        if (_tracks is null)
        {
            StartFile(fragment);
        }
        else if (!SameTracks(_tracks, fragment.Tracks))
        {
            throw new MkvTracksChangedException(fragment.FragmentNumber, _tracks, fragment.Tracks);
        }

        PlanClusters(fragment);
        WriteClusters(fragment);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        FragmentsWritten++;
        FramesWritten += frames.Count;
    }

    /// <summary>
    /// Finishes the file: on a seekable destination writes the Cues and patches the Segment size,
    /// Duration and SeekHead, then flushes. Later calls do nothing.
    /// </summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_tracks is null)
        {
            // Nothing was written: still a valid (empty) Matroska file.
            _layout.WriteHeader(_buffer, _written, [], date: null, _options);
        }

        long? cuesPosition = null;
        if (IsSeekable && _options.WriteCues && _cues.Count > 0)
        {
            cuesPosition = _written + _buffer.WrittenCount - _layout.SegmentDataStart;
            MkvFileLayout.WriteCues(_buffer, _cues, _cueTrack);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (IsSeekable)
        {
            await _layout.FinishAsync(_destination, _fileStart, _written, _end, cuesPosition, cancellationToken).ConfigureAwait(false);
        }

        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes the file (see <see cref="CompleteAsync"/>); the destination stays open.</summary>
    public ValueTask DisposeAsync() => CompleteAsync();

    private void StartFile(MediaFragment fragment)
    {
        if (fragment.Tracks.Count == 0)
        {
            throw new ArgumentException($"{fragment} declares no tracks.", nameof(fragment));
        }

        _tracks = fragment.Tracks;
        _cueTrack = _tracks.FirstOrDefault(t => t.TrackType == MkvTrackType.Video)?.TrackNumber ?? _tracks[0].TrackNumber;
        if (_options.StartAtZero)
        {
            _origin = long.MaxValue;
            foreach (var frame in fragment.Frames)
            {
                _origin = Math.Min(_origin, Ticks(frame));
            }
        }

        _layout.WriteHeader(_buffer, _written, _tracks, _options.StartAtZero ? fragment.ProducerTimestamp : null, _options);
    }

    // Where the fragment's clusters start and how big they are, so each Cluster is written with its size.
    private void PlanClusters(MediaFragment fragment)
    {
        _clusters.Clear();
        var frames = fragment.Frames;
        var cluster = new ClusterPlan { Start = -1 };
        var end = _end;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (!IsDeclared(frame.TrackNumber))
            {
                throw new ArgumentException($"{fragment} has a frame of track {frame.TrackNumber}, which its tracks do not declare.", nameof(fragment));
            }

            var time = Ticks(frame) - _origin;
            if (time < 0)
            {
                throw new ArgumentException($"{fragment} has a frame at {frame.Timestamp}, before the start of the file; write fragments in timestamp order.", nameof(fragment));
            }

            if (cluster.Start < 0 || time - cluster.Time is > short.MaxValue or < short.MinValue)
            {
                if (cluster.Start >= 0)
                {
                    _clusters.Add(cluster);
                }

                cluster = new ClusterPlan { Start = i, Time = time, Size = ElementLength(1, (ulong)EbmlWriter.GetUnsignedLength((ulong)time)) };
            }

            cluster.Count++;
            cluster.Size += ElementLength(1, BlockSize(frame));
            end = Math.Max(end, time);
        }

        _clusters.Add(cluster);
        _end = end;
    }

    private void WriteClusters(MediaFragment fragment)
    {
        var frames = fragment.Frames;
        foreach (var cluster in _clusters)
        {
            var first = frames[cluster.Start];
            if (first.IsKeyFrame && first.TrackNumber == _cueTrack)
            {
                _cues.Add((cluster.Time, _written + _buffer.WrittenCount - _layout.SegmentDataStart));
            }

            _buffer.WriteElementHeader(MkvElementIds.Cluster, cluster.Size);
            _buffer.WriteUnsigned(MkvElementIds.Timecode, (ulong)cluster.Time);
            for (var i = cluster.Start; i < cluster.Start + cluster.Count; i++)
            {
                var frame = frames[i];
                var span = _buffer.GetSpan(MaxBlockHeaderLength);
                var n = EbmlVarInt.WriteId(span, MkvElementIds.SimpleBlock);
                n += EbmlVarInt.WriteSize(span[n..], BlockSize(frame));
                n += EbmlVarInt.WriteSize(span[n..], frame.TrackNumber);
                BinaryPrimitives.WriteInt16BigEndian(span[n..], (short)(Ticks(frame) - _origin - cluster.Time));
                span[n + 2] = frame.IsKeyFrame ? (byte)0x80 : (byte)0;
                _buffer.Advance(n + 3);
                foreach (var segment in frame.Payload)
                {
                    _buffer.Write(segment.Span);
                }
            }
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _written += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
    }

    // A frame's timestamp in the file's ticks (before the origin is taken off), in 128 bits so large scales cannot overflow.
    private long Ticks(in MkvFrame frame) =>
        (long)Int128.Clamp((Int128)frame.Timecode * frame.TimecodeScale / _options.TimecodeScale, long.MinValue / 2, long.MaxValue / 2);

    private bool IsDeclared(ulong trackNumber)
    {
        foreach (var track in _tracks!)
        {
            if (track.TrackNumber == trackNumber)
            {
                return true;
            }
        }

        return false;
    }

    private static ulong BlockSize(in MkvFrame frame) => (ulong)EbmlVarInt.GetSizeLength(frame.TrackNumber) + 3UL + (ulong)frame.Payload.Length;

    private static ulong ElementLength(int idLength, ulong size) => (ulong)idLength + (ulong)EbmlVarInt.GetSizeLength(size) + size;

    // Tracks are the same for the file when what a decoder needs is: numbers, types, codecs, codec data, sizes and rates.
    private static bool SameTracks(IReadOnlyList<MkvTrackEntry> file, IReadOnlyList<MkvTrackEntry> fragment)
    {
        if (ReferenceEquals(file, fragment))
        {
            return true;
        }

        if (file.Count != fragment.Count)
        {
            return false;
        }

        for (var i = 0; i < file.Count; i++)
        {
            var (a, b) = (file[i], fragment[i]);
            if (!ReferenceEquals(a, b)
                && (a.TrackNumber != b.TrackNumber || a.TrackType != b.TrackType || a.CodecId != b.CodecId
                    || a.PixelWidth != b.PixelWidth || a.PixelHeight != b.PixelHeight
                    || !a.SamplingFrequency.Equals(b.SamplingFrequency) || a.Channels != b.Channels || a.BitDepth != b.BitDepth
                    || !a.CodecPrivate.Span.SequenceEqual(b.CodecPrivate.Span)))
            {
                return false;
            }
        }

        return true;
    }

    private struct ClusterPlan
    {
        public int Start;
        public int Count;
        public long Time;
        public ulong Size;
    }
}
