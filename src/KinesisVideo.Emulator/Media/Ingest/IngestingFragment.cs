using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>
/// The fragment a PutMedia connection is receiving: numbered and timestamped at its first byte,
/// collecting its metadata and frames (copied out of the request's buffers) and checking each
/// against the service's limits as it arrives, so an error is reported before the fragment ends.
/// </summary>
internal sealed class IngestingFragment
{
    private readonly MediaLimits _limits;
    private readonly ProducerHeader _header;
    private readonly DateTimeOffset _timeBase;
    private readonly List<StoredFrame> _frames = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private readonly HashSet<ulong> _tracksWithFrames = [];
    private long? _clusterTimecode;

    /// <param name="number">The fragment number, assigned at its first byte.</param>
    /// <param name="serverTimestamp">The emulator's clock at its first byte.</param>
    /// <param name="start">The body offset of its first byte (its Tags or Cluster).</param>
    /// <param name="header">The connection's header (tracks and TimecodeScale).</param>
    /// <param name="timeBase">What Cluster timecodes count from: the Unix epoch (ABSOLUTE) or the producer start timestamp (RELATIVE).</param>
    /// <param name="limits">The media limits.</param>
    public IngestingFragment(string number, DateTimeOffset serverTimestamp, long start, ProducerHeader header, DateTimeOffset timeBase, MediaLimits limits)
    {
        Number = number;
        ServerTimestamp = serverTimestamp;
        Start = start;
        _header = header;
        _timeBase = timeBase;
        _limits = limits;
    }

    public string Number { get; }

    public DateTimeOffset ServerTimestamp { get; }

    public long Start { get; }

    /// <summary>The Cluster Timecode once the Cluster's Timecode has arrived.</summary>
    public long? ClusterTimecode => _clusterTimecode;

    /// <summary>The producer time of the fragment's earliest frame (null before a frame).</summary>
    public DateTimeOffset? EarliestFrame { get; private set; }

    /// <summary>The producer time of the fragment's latest frame (null before a frame).</summary>
    public DateTimeOffset? LatestFrame { get; private set; }

    public void AddMetadata(string name, string value)
    {
        // The END_OF_FRAGMENT marker is the only AWS_ name a producer may send, and it is handled before this.
        if (name.StartsWith("AWS_", StringComparison.Ordinal))
        {
            throw new IngestException(IngestError.InvalidFragmentMetadata, $"Fragment metadata names cannot begin with AWS_: '{name}'.");
        }

        if (_metadata.Count == _limits.MaxFragmentMetadata)
        {
            throw new IngestException(IngestError.FragmentMetadataLimitReached, $"A fragment carries at most {_limits.MaxFragmentMetadata} metadata tags.");
        }

        _metadata.Add(new(name, value));
    }

    public void StartCluster(long timecode) => _clusterTimecode = timecode;

    public void AddFrame(in MkvFrame frame)
    {
        var track = frame.TrackNumber;
        if (!_header.Tracks.Any(t => t.TrackNumber == track))
        {
            throw new IngestException(IngestError.TrackNumberMismatch, $"A frame is on track {frame.TrackNumber}, which the header does not declare.");
        }

        var at = ProducerTime(frame.Timecode);
        EarliestFrame = EarliestFrame is { } earliest && earliest <= at ? earliest : at;
        LatestFrame = LatestFrame is { } latest && latest >= at ? latest : at;
        if (LatestFrame - EarliestFrame > _limits.MaxFragmentDuration)
        {
            throw new IngestException(IngestError.MaxFragmentDurationReached, $"The fragment's frames span more than {_limits.MaxFragmentDuration.TotalSeconds} s.");
        }

        _tracksWithFrames.Add(frame.TrackNumber);
        _frames.Add(new StoredFrame(frame.TrackNumber, (short)(frame.Timecode - _clusterTimecode!.Value), frame.IsKeyFrame, frame.ToArray()));
    }

    /// <summary>The fragment as stored, after the checks that need all of it; <paramref name="end"/> is the body offset just past it.</summary>
    public StoredFragment Complete(long end, bool persisted)
    {
        foreach (var track in _header.Tracks)
        {
            if (!_tracksWithFrames.Contains(track.TrackNumber))
            {
                throw new IngestException(IngestError.FramesMissingForTrack, $"The fragment has no frame for track {track.TrackNumber}.");
            }
        }

        return new StoredFragment
        {
            FragmentNumber = Number,
            ServerTimestamp = ServerTimestamp,
            ProducerTimestamp = ProducerTime(_clusterTimecode!.Value),
            ClusterTimecode = _clusterTimecode.Value,
            Duration = LatestFrame!.Value - EarliestFrame!.Value,
            SizeInBytes = end - Start,
            Header = _header,
            Frames = _frames,
            Metadata = _metadata,
            IsPersisted = persisted,
        };
    }

    // Timecode ticks × TimecodeScale ns, in 128 bits so no producer value overflows before the division.
    private DateTimeOffset ProducerTime(long timecode)
    {
        var ticks = (Int128)timecode * _header.TimecodeScale / 100;
        var max = (Int128)(DateTimeOffset.MaxValue - _timeBase).Ticks;
        if (ticks > max || ticks < -(Int128)(_timeBase - DateTimeOffset.MinValue).Ticks)
        {
            throw new IngestException(IngestError.InvalidProducerTimestamp, $"The timecode {timecode} is outside the range of producer timestamps.");
        }

        return _timeBase + TimeSpan.FromTicks((long)ticks);
    }
}
