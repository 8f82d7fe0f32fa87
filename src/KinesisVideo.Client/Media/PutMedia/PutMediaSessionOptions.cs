using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// What a PutMedia session sends and how it buffers: the stream, the tracks (described once), how
/// frame timestamps become fragment timecodes, and the bounds of the buffer that keeps fragments
/// until the service acknowledges them. How connections behave is the client's
/// (<see cref="KinesisVideoClientOptions.PutMedia"/>).
/// </summary>
public sealed class PutMediaSessionOptions
{
    /// <summary>The default bound of the buffer in bytes: 64 MiB.</summary>
    public const long DefaultMaxBufferedBytes = 64L * 1024 * 1024;

    /// <summary>The stream's name. Give this or <see cref="StreamARN"/>.</summary>
    public string? StreamName { get; set; }

    /// <summary>The stream's ARN. Give this or <see cref="StreamName"/>.</summary>
    public string? StreamARN { get; set; }

    /// <summary>
    /// The tracks, 1 to 3 (the service's limit): frames name them by their position, from 1. A
    /// stream's playback (HLS, DASH, clips) wants one video track first, then optionally audio.
    /// </summary>
    public IList<MediaTrack> Tracks { get; set; } = [];

    /// <summary>
    /// ABSOLUTE (the default): each fragment's timecode is its epoch time in milliseconds, the
    /// producer timestamp itself. RELATIVE: timecodes count from <see cref="TimestampOrigin"/>, which
    /// is sent as the producer start timestamp.
    /// </summary>
    public PutMediaTimecodeType TimecodeType { get; set; } = PutMediaTimecodeType.Absolute;

    /// <summary>
    /// The wall-clock time of frame timestamp zero. Null (the default) takes the clock's time when the
    /// session starts, so frames timestamped from zero get producer timestamps from now on.
    /// </summary>
    public DateTimeOffset? TimestampOrigin { get; set; }

    /// <summary>
    /// The least media time between the starts of two fragments. Zero (the default, as the AWS
    /// producers) starts a fragment at every key frame of the video track. The service takes at most
    /// 5 fragments a second and 10 seconds a fragment.
    /// </summary>
    public TimeSpan MinimumFragmentDuration { get; set; }

    /// <summary>
    /// The most bytes of fragments the session keeps while waiting for their acknowledgement
    /// (the one being written included). Default <see cref="DefaultMaxBufferedBytes"/>.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = DefaultMaxBufferedBytes;

    /// <summary>
    /// The most media time the buffer spans, from its oldest fragment to the newest frame. Default
    /// 120 seconds (the AWS producers' buffer duration).
    /// </summary>
    public TimeSpan MaxBufferedDuration { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>What a frame that does not fit the buffer does. Default <see cref="PutMediaBufferFullPolicy.Wait"/>.</summary>
    public PutMediaBufferFullPolicy BufferFullPolicy { get; set; } = PutMediaBufferFullPolicy.Wait;

    /// <summary>
    /// When the session counts a fragment as delivered, for <c>CompleteAsync</c> and for releasing it.
    /// <see cref="PutMediaCompletion.Auto"/> (the default) asks DescribeStream once: PERSISTED for a
    /// stream with data retention, RECEIVED without.
    /// </summary>
    public PutMediaCompletion Completion { get; set; } = PutMediaCompletion.Auto;

    /// <summary>
    /// False (the default): a fragment the service refuses with a terminal error is dropped, reported
    /// as an event, and the session goes on. True: the session fails with that error.
    /// </summary>
    public bool StopOnTerminalError { get; set; }

    /// <summary>How many events (<c>PutMediaSession.Events</c>) are kept for a reader that falls behind; older ones are discarded. Default 1024.</summary>
    public int EventCapacity { get; set; } = 1024;

    /// <summary>Told of progress (bytes, frames, fragments sent, received and persisted) as it happens, at most every 100 ms.</summary>
    public IProgress<PutMediaProgress>? Progress { get; set; }

    /// <summary>A copy (with its own track list), so a caller's options are never changed.</summary>
    internal PutMediaSessionOptions With(IReadOnlyList<MediaTrack> tracks)
    {
        var copy = (PutMediaSessionOptions)MemberwiseClone();
        copy.Tracks = [.. tracks];
        return copy;
    }

    /// <summary>Checks the options before anything goes on the network.</summary>
    /// <exception cref="ArgumentException">A member is missing or out of range; ParamName names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(StreamName) == string.IsNullOrEmpty(StreamARN))
        {
            throw new ArgumentException("Give exactly one of StreamName and StreamARN.", nameof(StreamName));
        }

        if (Tracks is null || Tracks.Count is 0 or > 3)
        {
            throw new ArgumentException("A PutMedia session has 1 to 3 tracks.", nameof(Tracks));
        }

        for (var i = 0; i < Tracks.Count; i++)
        {
            if (Tracks[i] is null)
            {
                throw new ArgumentException($"Tracks[{i}] is null.", nameof(Tracks));
            }
        }

        if (MinimumFragmentDuration < TimeSpan.Zero || MinimumFragmentDuration > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException("MinimumFragmentDuration must be between 0 and 10 seconds (the service's fragment limit).", nameof(MinimumFragmentDuration));
        }

        if (MaxBufferedBytes < 64 * 1024)
        {
            throw new ArgumentException("MaxBufferedBytes must be at least 64 KiB.", nameof(MaxBufferedBytes));
        }

        if (MaxBufferedDuration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("MaxBufferedDuration must be at least 1 second.", nameof(MaxBufferedDuration));
        }

        if (EventCapacity < 1)
        {
            throw new ArgumentException("EventCapacity must be at least 1.", nameof(EventCapacity));
        }

        if (!Enum.IsDefined(BufferFullPolicy) || !Enum.IsDefined(Completion) || !Enum.IsDefined(TimecodeType))
        {
            throw new ArgumentException("BufferFullPolicy, Completion and TimecodeType must be defined values.", nameof(BufferFullPolicy));
        }
    }
}

/// <summary>How fragment timecodes relate to the producer's clock (the <c>x-amzn-fragment-timecode-type</c> header).</summary>
public enum PutMediaTimecodeType
{
    /// <summary>Each fragment's timecode is its epoch time in milliseconds.</summary>
    Absolute,

    /// <summary>Timecodes count from the producer start timestamp sent with the request.</summary>
    Relative,
}

/// <summary>What a frame that does not fit the session's buffer does.</summary>
public enum PutMediaBufferFullPolicy
{
    /// <summary><c>WriteFrameAsync</c> waits until acknowledgements free room (or its token is cancelled).</summary>
    Wait,

    /// <summary>
    /// The oldest fragments not yet acknowledged are dropped, each with a <see cref="PutMediaFragmentDropped"/>
    /// event; <c>WriteFrameAsync</c> never waits. The fragment being sent at that moment is not dropped:
    /// while it is the only one left, the buffer holds it over its bounds until it is sent.
    /// </summary>
    DropOldest,

    /// <summary><c>WriteFrameAsync</c> throws <see cref="PutMediaBufferFullException"/>; the frame is not taken.</summary>
    Fail,
}

/// <summary>When a PutMedia session counts a fragment as delivered.</summary>
public enum PutMediaCompletion
{
    /// <summary>PERSISTED for a stream with data retention, RECEIVED without (asked of DescribeStream once).</summary>
    Auto,

    /// <summary>At its PERSISTED acknowledgement.</summary>
    Persisted,

    /// <summary>At its RECEIVED acknowledgement (a stream without data retention gets no PERSISTED).</summary>
    Received,
}
