using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// Decides where a fragment ends when audio and video arrive interleaved: a key frame of the
/// video track opens the next fragment, but frames of the other tracks that are presented before
/// it often arrive just after it (B-frames delay the video's presentation; muxers interleave by
/// decode time). Those belong to the fragment that is ending, because the service refuses a
/// fragment whose frames overlap the previous one's (ERROR 4004). So the key frame, and the frames
/// of its track that follow it, are held until another track's frame at or after it arrives (or
/// the hold grows past a bound), while the other tracks' earlier frames still join the old fragment.
/// </summary>
/// <remarks>
/// <para>
/// The same holds at the very start: frames of other tracks that arrive before the first key frame
/// of the video track (audio muxed ahead of delayed video) wait for it and join the first fragment
/// after it; the video track's own frames before it cannot be decoded and are skipped.
/// </para>
/// <para>Only the session's writer uses it; held frames are copies in pooled buffers.</para>
/// </remarks>
internal sealed class FragmentCutter
{
    // A hold longer than this has nothing to wait for (a track fell silent): the cut goes ahead.
    private const int MaxHeldFrames = 64;
    private const long MaxHeldMilliseconds = 2_000;

    private readonly List<(MediaFrame Frame, long Timecode, byte[] Buffer)> _held = [];
    private readonly List<(MediaFrame Frame, long Timecode, byte[] Buffer)> _leadIn = [];
    private long _cutTimecode;

    /// <summary>True while a key frame waits to open the next fragment.</summary>
    public bool IsHolding => _held.Count > 0;

    /// <summary>The held key frame's timecode: other tracks' frames before it still join the ending fragment.</summary>
    public long CutTimecode => _cutTimecode;

    /// <summary>Whether a frame should go into the hold rather than be written now.</summary>
    public bool ShouldHold(in MediaFrame frame, long timecode, ulong fragmentTrack) =>
        IsHolding && frame.TrackNumber == fragmentTrack && _held.Count < MaxHeldFrames && timecode - _cutTimecode < MaxHeldMilliseconds;

    /// <summary>Holds a copy of <paramref name="frame"/>; the first held frame is the key frame of the cut.</summary>
    public void Hold(in MediaFrame frame, long timecode)
    {
        if (_held.Count == 0)
        {
            _cutTimecode = timecode;
        }

        _held.Add(Copy(frame, timecode));
    }

    /// <summary>
    /// Holds a frame of another track that came before the first fragment could start; returns how
    /// many earlier ones were given up to keep the lead-in within its bounds.
    /// </summary>
    public int HoldLeadIn(in MediaFrame frame, long timecode)
    {
        var dropped = 0;
        while (_leadIn.Count > 0 && (_leadIn.Count >= MaxHeldFrames || timecode - _leadIn[0].Timecode >= MaxHeldMilliseconds))
        {
            ArrayPool<byte>.Shared.Return(_leadIn[0].Buffer);
            _leadIn.RemoveAt(0);
            dropped++;
        }

        _leadIn.Add(Copy(frame, timecode));
        return dropped;
    }

    /// <summary>Hands the frames held for the cut, in order, to <paramref name="write"/>, and releases them.</summary>
    public void Release<TState>(TState state, Action<TState, MediaFrame, long> write) => Drain(_held, state, write);

    /// <summary>Hands the lead-in frames, in order, to <paramref name="write"/> (once the first fragment has started), and releases them.</summary>
    public void ReleaseLeadIn<TState>(TState state, Action<TState, MediaFrame, long> write) => Drain(_leadIn, state, write);

    /// <summary>Drops what is held (the session is abandoned).</summary>
    public void Discard()
    {
        Return(_held);
        Return(_leadIn);
    }

    private static (MediaFrame, long, byte[]) Copy(in MediaFrame frame, long timecode)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Data.Length);
        frame.Data.Span.CopyTo(buffer);
        return (frame with { Data = buffer.AsMemory(0, frame.Data.Length) }, timecode, buffer);
    }

    private static void Drain<TState>(List<(MediaFrame Frame, long Timecode, byte[] Buffer)> frames, TState state, Action<TState, MediaFrame, long> write)
    {
        try
        {
            foreach (var (frame, timecode, _) in frames)
            {
                write(state, frame, timecode);
            }
        }
        finally
        {
            Return(frames);
        }
    }

    private static void Return(List<(MediaFrame Frame, long Timecode, byte[] Buffer)> frames)
    {
        foreach (var (_, _, buffer) in frames)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        frames.Clear();
    }
}
