namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>How <see cref="AnnexBFrameSource"/> reads a raw H.264/H.265 stream.</summary>
public sealed class AnnexBFrameSourceOptions
{
    /// <summary>The default <see cref="MaxAccessUnitSize"/>: 8 MB, far above any 4K key frame at broadcast quality.</summary>
    public const int DefaultMaxAccessUnitSize = 8 * 1024 * 1024;

    /// <summary>The highest frame rate accepted: the session writes millisecond timestamps, and frames must not share one.</summary>
    public const int MaxFramesPerSecond = 1000;

    /// <summary>
    /// The stream's frame rate, for example <c>new FrameRate(30000, 1001)</c>. Raw Annex-B carries
    /// no timestamps, so frame <c>n</c> (counting from the first key frame) is presented at
    /// <c>n</c> / rate. Streams with B-frames need presentation times that only a container carries:
    /// send those as Matroska (<c>ffmpeg … -c copy -f matroska -</c>) to <see cref="MkvFrameSource"/>.
    /// </summary>
    public required FrameRate FrameRate { get; init; }

    /// <summary>The codec; null (the default) tells H.264 from H.265 by the stream's first NAL unit.</summary>
    public AnnexBCodec? Codec { get; init; }

    /// <summary>
    /// The longest access unit (one picture with its parameter sets and SEI, as the input carries it)
    /// accepted, in bytes. An access unit is buffered whole, so this bounds the source's memory; a
    /// longer one is refused with <see cref="AnnexBFormatException"/>.
    /// </summary>
    public int MaxAccessUnitSize { get; init; } = DefaultMaxAccessUnitSize;

    /// <summary>
    /// Whether parameter sets (SPS, PPS and for H.265 VPS) stay in the frames that carry them (true,
    /// the default) besides going into the track's CodecPrivate. Keeping them is what the AWS
    /// producer SDKs and ffmpeg's Matroska muxer do: a decoder may start at any key frame, and a
    /// parameter change mid-stream reaches it. Access unit delimiters are always dropped: length-prefixed
    /// frames are already delimited.
    /// </summary>
    public bool InBandParameterSets { get; init; } = true;

    /// <summary>The size of the reads from a <see cref="Stream"/> input, in bytes (64 KB by default).</summary>
    public int StreamReadSize { get; init; } = 64 * 1024;

    internal void Validate()
    {
        if (!FrameRate.IsValid)
        {
            throw new ArgumentException("FrameRate must be set, e.g. new FrameRate(25) or new FrameRate(30000, 1001).", nameof(FrameRate));
        }

        if (FrameRate.FramesPerSecond > MaxFramesPerSecond)
        {
            throw new ArgumentException($"FrameRate {FrameRate} is above {MaxFramesPerSecond} frames per second; the session's timestamps are in milliseconds.", nameof(FrameRate));
        }

        if (Codec is { } codec && !Enum.IsDefined(codec))
        {
            throw new ArgumentException($"Codec {codec} is not H.264 or H.265.", nameof(Codec));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAccessUnitSize, 1024, nameof(MaxAccessUnitSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamReadSize, 1, nameof(StreamReadSize));
    }
}
