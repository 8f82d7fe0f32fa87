namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// One frame for a PutMedia session: which track it belongs to, when it is presented, whether it
/// is a key frame, and its bytes.
/// </summary>
/// <param name="TrackNumber">
/// The track, numbered from 1 in the order of <c>PutMediaSessionOptions.Tracks</c>.
/// </param>
/// <param name="Timestamp">
/// When the frame is presented, on the session's timeline: the time since
/// <c>PutMediaSessionOptions.TimestampOrigin</c>. Timestamps must increase within a track;
/// they are written in milliseconds.
/// </param>
/// <param name="IsKeyFrame">
/// A frame a decoder can start from (an IDR or IRAP picture; every audio frame is one). A new
/// fragment starts at each key frame of the video track.
/// </param>
/// <param name="Data">
/// The frame's bytes as Matroska carries them: for H.264 and H.265 NAL units with 4-byte big-endian
/// lengths (AVCC), not Annex-B start codes (the Annex-B frame source converts); for
/// AAC one raw access unit without an ADTS header. The session copies the bytes before
/// the session's <c>WriteFrameAsync</c> returns, so the buffer may be reused at once.
/// </param>
public readonly record struct MediaFrame(ulong TrackNumber, TimeSpan Timestamp, bool IsKeyFrame, ReadOnlyMemory<byte> Data);
