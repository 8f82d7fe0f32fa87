namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>
/// One frame of one track, timed on the track's timescale: its decode time (absolute, from the
/// producer timestamps), how long it lasts, how far its presentation is from its decode time, and
/// whether decoding can start at it.
/// </summary>
internal readonly record struct MediaSample(long DecodeTime, long Duration, int CompositionOffset, bool IsSync, ReadOnlyMemory<byte> Data)
{
    public long PresentationTime => DecodeTime + CompositionOffset;
}
