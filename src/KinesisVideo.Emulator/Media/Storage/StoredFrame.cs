namespace KinesisVideo.Emulator.Media.Storage;

/// <summary>One frame of a stored fragment, as its SimpleBlock carried it.</summary>
/// <param name="TrackNumber">The block's track number (declared in the fragment's header).</param>
/// <param name="RelativeTimecode">The block's timecode relative to the Cluster's, in timecode ticks.</param>
/// <param name="IsKeyFrame">The block's key-frame flag.</param>
/// <param name="Data">The frame's bytes, owned by the store.</param>
internal readonly record struct StoredFrame(ulong TrackNumber, short RelativeTimecode, bool IsKeyFrame, ReadOnlyMemory<byte> Data);
