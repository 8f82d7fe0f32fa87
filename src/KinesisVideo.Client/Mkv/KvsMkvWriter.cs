using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Writes the MKV a PutMedia session sends, laid out as the AWS producers write it: EBML header,
/// one Segment of unknown size, Info, Tracks, then per fragment optional Tags and one Cluster of
/// unknown size holding SimpleBlocks.
/// </summary>
/// <remarks>
/// <para>
/// A PutMedia session uses it like this: call <see cref="WriteHeader"/> at the start of every
/// connection (again after a reconnect; the next frame must then start a fragment). Before each
/// frame, <see cref="StartsFragment"/> says whether the frame will open a new fragment, so the
/// session can seal the previous fragment's bytes (kept until PERSISTED and re-sent after a
/// reconnect) and direct the new fragment's metadata, Cluster and frames into a new buffer.
/// Each fragment's bytes are self-contained: Tags (if any) then the Cluster and its blocks.
/// </para>
/// <para>
/// A new Cluster starts at a key frame of the fragment track (see
/// <see cref="KvsMkvWriterOptions.FragmentTrackNumber"/>), once
/// <see cref="KvsMkvWriterOptions.MinimumFragmentDuration"/> has passed, and also at a key frame
/// of that track whose timecode relative to the cluster would overflow the SimpleBlock's int16.
/// Any other frame that would overflow int16 (a non-key frame, or a frame of another track) is
/// refused with <see cref="InvalidOperationException"/>: the caller must send key frames at least
/// every 32.767 s of timecode ticks.
/// </para>
/// <para>
/// Timecodes are presentation times, so within a fragment they may go back and forth (B-frames,
/// H.265 leading pictures, audio interleaved a little late). What the service requires is refused
/// here instead: every frame of a fragment must come after every frame of the fragment before it
/// (else ERROR 4004). A key frame that is not after the open fragment's latest frame therefore
/// joins that fragment rather than starting one.
/// </para>
/// <para>Writing a frame allocates nothing and copies the payload once, into the output. Not thread-safe.</para>
/// </remarks>
public sealed class KvsMkvWriter
{
    /// <summary>The tag name that closes the current fragment without waiting for the next cluster.</summary>
    public const string EndOfFragmentTagName = "AWS_KINESISVIDEO_END_OF_FRAGMENT";

    /// <summary>The longest fragment-metadata name, in characters (the AWS producers' limit).</summary>
    public const int MaxMetadataNameLength = 128;

    /// <summary>The longest fragment-metadata value, in characters (the AWS producers' limit).</summary>
    public const int MaxMetadataValueLength = 256;

    private const int MaxTracks = 3;

    // Cluster (unknown size) + Timecode with an 8-byte value, as the AWS producers write it.
    private const int ClusterHeaderLength = 4 + 1 + 1 + 1 + 8;

    // SimpleBlock id, size vint (up to 8), track vint (1), int16 timecode, flags.
    private const int MaxBlockHeaderLength = 1 + 8 + 1 + 2 + 1;

    private readonly byte[] _header;
    private readonly int _trackCount;
    private readonly ulong _fragmentTrack;
    private readonly long _minimumFragmentDuration;
    private bool _clusterOpen;
    private long _clusterTimecode;
    private long _clusterLatest = long.MinValue;
    private long _previousClustersLatest = long.MinValue;

    /// <summary>Creates a writer and builds the header bytes once.</summary>
    public KvsMkvWriter(KvsMkvWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tracks = options.Tracks;
        if (tracks is null || tracks.Count is 0 or > MaxTracks)
        {
            throw new ArgumentException($"A KVS stream has 1 to {MaxTracks} tracks.", nameof(options));
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].TrackNumber != (ulong)(i + 1))
            {
                throw new ArgumentException($"Tracks must be numbered 1..n in order; track {i} has number {tracks[i].TrackNumber}.", nameof(options));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TimecodeScale);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumFragmentDuration);
        if (!options.SegmentUid.IsEmpty && options.SegmentUid.Length != 16)
        {
            throw new ArgumentException("SegmentUID is 16 bytes.", nameof(options));
        }

        Tracks = tracks;
        TimecodeScale = options.TimecodeScale;
        _fragmentTrack = options.FragmentTrackNumber != 0 ? options.FragmentTrackNumber : PickFragmentTrack(tracks);
        if (_fragmentTrack > (ulong)tracks.Count)
        {
            throw new ArgumentException($"FragmentTrackNumber {_fragmentTrack} is not a declared track.", nameof(options));
        }

        _minimumFragmentDuration = options.MinimumFragmentDuration;
        _trackCount = tracks.Count;
        _header = KvsMkvHeader.Build(options);
    }

    /// <summary>The declared tracks.</summary>
    public IReadOnlyList<MkvTrackEntry> Tracks { get; }

    /// <summary>Nanoseconds per timecode tick.</summary>
    public long TimecodeScale { get; }

    /// <summary>The bytes <see cref="WriteHeader"/> writes (EBML header through Tracks).</summary>
    public ReadOnlyMemory<byte> Header => _header;

    /// <summary>True while a Cluster is open, i.e. frames join the current fragment.</summary>
    public bool IsFragmentOpen => _clusterOpen;

    /// <summary>The timecode of the open fragment's Cluster.</summary>
    public long FragmentTimecode => _clusterTimecode;

    /// <summary>
    /// Writes the EBML header, the unknown-size Segment, Info and Tracks: once per PutMedia
    /// connection. Closes any open fragment, so the next frame must be a key frame of the fragment track.
    /// </summary>
    public void WriteHeader(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(_header);
        _clusterOpen = false;
    }

    /// <summary>
    /// Whether <see cref="WriteFrame"/> with these arguments would start a new fragment (Cluster).
    /// Does not validate the frame.
    /// </summary>
    public bool StartsFragment(ulong trackNumber, long timecode, bool isKeyFrame)
    {
        if (trackNumber != _fragmentTrack || !isKeyFrame)
        {
            return false;
        }

        if (!_clusterOpen)
        {
            return true;
        }

        var relative = timecode - _clusterTimecode;
        return (relative >= _minimumFragmentDuration || relative > short.MaxValue) && timecode > _clusterLatest;
    }

    /// <summary>
    /// Writes one frame as a SimpleBlock, first opening a new Cluster when
    /// <see cref="StartsFragment"/> says so.
    /// </summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="trackNumber">A declared track number.</param>
    /// <param name="timecode">The frame's timestamp in timecode ticks (ms by default); absolute (e.g. epoch ms) or relative, as the session declares.</param>
    /// <param name="isKeyFrame">Whether the frame is a key frame (sets the SimpleBlock key flag).</param>
    /// <param name="payload">The frame bytes (AVCC for H.264, raw AAC for AAC).</param>
    /// <returns>True when this frame started a new fragment.</returns>
    /// <exception cref="InvalidOperationException">The frame cannot start a fragment although none is open, it is not after the previous fragment's latest frame, or it falls outside the cluster's int16 range.</exception>
    public bool WriteFrame(IBufferWriter<byte> output, ulong trackNumber, long timecode, bool isKeyFrame, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var started = CheckFrame(trackNumber, timecode, isKeyFrame);
        if (started)
        {
            WriteClusterHeader(output, timecode);
        }

        var relative = timecode - _clusterTimecode;
        _clusterLatest = Math.Max(_clusterLatest, timecode);

        var blockSize = (ulong)(4 + payload.Length);
        var span = output.GetSpan(MaxBlockHeaderLength);
        span[0] = (byte)MkvElementIds.SimpleBlock;
        var n = 1 + EbmlVarInt.WriteSize(span[1..], blockSize);
        span[n++] = (byte)(0x80 | trackNumber);
        BinaryPrimitives.WriteInt16BigEndian(span[n..], (short)relative);
        n += 2;
        span[n++] = isKeyFrame ? (byte)0x80 : (byte)0;
        output.Advance(n);
        output.Write(payload);
        return started;
    }

    /// <summary>
    /// Checks a frame as <see cref="WriteFrame"/> would, without writing anything: a caller that
    /// writes other elements before the frame (metadata) checks first, so a refused frame leaves
    /// the output as it was.
    /// </summary>
    /// <returns>Whether the frame would start a new fragment.</returns>
    /// <exception cref="InvalidOperationException">The frame cannot be written; see <see cref="WriteFrame"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The track is not declared.</exception>
    public bool CheckFrame(ulong trackNumber, long timecode, bool isKeyFrame)
    {
        if (trackNumber == 0 || trackNumber > (ulong)_trackCount)
        {
            ThrowUndeclaredTrack(trackNumber);
        }

        if (timecode < 0)
        {
            ThrowNegative(timecode);
        }

        var starts = StartsFragment(trackNumber, timecode, isKeyFrame);
        if (!starts && !_clusterOpen)
        {
            ThrowNeedsKeyFrame(trackNumber);
        }

        // A new cluster closes the open one: its frames join those the next must come after.
        var before = starts ? Math.Max(_previousClustersLatest, _clusterLatest) : _previousClustersLatest;
        if (timecode <= before)
        {
            ThrowNotAfterPreviousFragment(trackNumber, timecode, before);
        }

        if (!starts && timecode - _clusterTimecode is > short.MaxValue or < short.MinValue)
        {
            ThrowRelativeOverflow(trackNumber, timecode, _clusterTimecode);
        }

        return starts;
    }

    /// <summary>
    /// Writes a fragment-metadata item (a level-1 Tags element, no Targets) that belongs to the
    /// next fragment. It closes the open fragment, so the next frame must be a key frame of the
    /// fragment track. Names beginning with <c>AWS</c> are reserved by the service and refused.
    /// </summary>
    public void WriteFragmentMetadata(IBufferWriter<byte> output, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.StartsWith("AWS", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Tag names beginning with AWS are reserved by Kinesis Video Streams: '{name}'.", nameof(name));
        }

        WriteTags(output, name, value);
    }

    /// <summary>
    /// Writes the end-of-fragment marker (a Tags element named <see cref="EndOfFragmentTagName"/>
    /// with an empty value), which lets the service close the last fragment at once, e.g. at the
    /// end of a stream. The next frame must start a new fragment.
    /// </summary>
    public void WriteEndOfFragment(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteTags(output, EndOfFragmentTagName, string.Empty);
    }

    private void WriteTags(IBufferWriter<byte> output, string name, string value)
    {
        if (name.Length > MaxMetadataNameLength || value.Length > MaxMetadataValueLength)
        {
            throw new ArgumentException($"Fragment metadata names are at most {MaxMetadataNameLength} characters and values at most {MaxMetadataValueLength}.");
        }

        // 8-byte sizes, as the AWS producers write them.
        output.WriteTags([new(name, value)], sizeLength: 8);
        _clusterOpen = false;
    }

    private void WriteClusterHeader(IBufferWriter<byte> output, long timecode)
    {
        var span = output.GetSpan(ClusterHeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(span, MkvElementIds.Cluster);
        span[4] = 0xFF;
        span[5] = (byte)MkvElementIds.Timecode;
        span[6] = 0x88;
        BinaryPrimitives.WriteInt64BigEndian(span[7..], timecode);
        output.Advance(ClusterHeaderLength);
        _clusterOpen = true;
        _clusterTimecode = timecode;
        _previousClustersLatest = Math.Max(_previousClustersLatest, _clusterLatest);
        _clusterLatest = long.MinValue;
    }

    private static ulong PickFragmentTrack(IReadOnlyList<MkvTrackEntry> tracks)
    {
        foreach (var track in tracks)
        {
            if (track.TrackType == MkvTrackType.Video)
            {
                return track.TrackNumber;
            }
        }

        return 1;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUndeclaredTrack(ulong trackNumber) =>
        throw new ArgumentOutOfRangeException(nameof(trackNumber), trackNumber, "The track number is not declared in Tracks.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotAfterPreviousFragment(ulong trackNumber, long timecode, long latest) =>
        throw new InvalidOperationException($"Frame of track {trackNumber} at {timecode} is not after the previous fragment's latest frame at {latest}: the service refuses a fragment whose frames overlap the one before (ERROR 4004).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(long timecode) =>
        throw new InvalidOperationException($"Timecodes cannot be negative: {timecode}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNeedsKeyFrame(ulong trackNumber) =>
        throw new InvalidOperationException($"No fragment is open: the next frame must be a key frame of track {_fragmentTrack}, not a frame of track {trackNumber}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRelativeOverflow(ulong trackNumber, long timecode, long clusterTimecode) =>
        throw new InvalidOperationException($"Frame of track {trackNumber} at {timecode} is {timecode - clusterTimecode} ticks from its cluster at {clusterTimecode}, outside the SimpleBlock's int16 range; only a key frame of the fragment track can start a new cluster.");
}
