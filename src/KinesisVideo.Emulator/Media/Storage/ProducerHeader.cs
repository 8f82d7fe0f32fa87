using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Emulator.Media.Storage;

/// <summary>
/// The MKV header one PutMedia connection began with, kept as the producer sent it (EBML header,
/// unknown-size Segment, Info, Tracks and whatever else came before the first fragment), because
/// GetMedia replays it unchanged before every fragment of that connection. Shared by all of the
/// connection's fragments.
/// </summary>
/// <param name="Bytes">The header bytes, from the EBML header to the start of the first fragment; the Segment's size is the unknown-size marker.</param>
/// <param name="TimecodeScale">Nanoseconds per timecode tick, from Info (1,000,000 by default).</param>
/// <param name="Tracks">The tracks the header declares.</param>
internal sealed record ProducerHeader(ReadOnlyMemory<byte> Bytes, long TimecodeScale, IReadOnlyList<MkvTrackEntry> Tracks);
