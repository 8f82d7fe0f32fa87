using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Streaming;

/// <summary>
/// The fragments one HLS or DASH session lists, as the references describe, kept per session so
/// that sequence numbers and discontinuity counts stay stable while a live playlist slides:
/// <list type="bullet">
/// <item>LIVE: from the newest MaxFragmentResults at creation on, each fragment as it is stored; the
/// playlist shows the newest MaxFragmentResults.</item>
/// <item>LIVE_REPLAY: from the range's start, each fragment once as much time has passed since the
/// session began as separates it from the first one; the same sliding window; complete after the
/// range's end, when there is one.</item>
/// <item>ON_DEMAND: the first MaxFragmentResults fragments in the range, complete.</item>
/// </list>
/// With PRODUCER_TIMESTAMP, a fragment whose producer start equals a listed one's replaces it (the
/// larger fragment number wins, as documented), and one that starts earlier than the newest listed is
/// left out (an older collection ingested again later). Fragments whose tracks or codec private data differ from
/// the session's first fragment are left out: the emulator does not switch initialization segments.
/// Thread-safe: every GET of the session goes through one lock.
/// </summary>
internal sealed class SessionTimeline
{
    /// <summary>ON_DISCONTINUITY marks a gap or an overlap of more than this.</summary>
    public static readonly TimeSpan DiscontinuityThreshold = TimeSpan.FromMilliseconds(50);

    // Entries kept for resolving DASH $Number$ after they left the window.
    private const int HistoryLimit = 2000;

    private readonly Lock _gate = new();
    private readonly PlaybackSessionRequest _request;
    private readonly string? _discontinuityMode;
    private readonly DateTimeOffset _createdAt;
    private readonly List<TimelineEntry> _entries = [];
    private readonly long _firstIndex;
    private long _cursor;
    private long _nextSequence = 1;
    private long _discontinuities;
    private TimeSpan _longest;
    private DateTimeOffset? _replayOrigin;
    private DateTimeOffset? _anchor;
    private DateTimeOffset? _origin;
    private bool _complete;

    /// <param name="request">The session's mode, selector and limits.</param>
    /// <param name="tracks">The tracks of the session's first fragment: every listed fragment has these.</param>
    /// <param name="firstIndex">The store index fragments are considered from (LIVE: the oldest of the newest MaxFragmentResults).</param>
    /// <param name="discontinuityMode">HLS: ALWAYS, NEVER or ON_DISCONTINUITY; null for DASH (no tags).</param>
    /// <param name="createdAt">The session's creation on the emulator's clock (LIVE_REPLAY's pace starts there).</param>
    public SessionTimeline(PlaybackSessionRequest request, IReadOnlyList<MkvTrackEntry> tracks, long firstIndex, string? discontinuityMode, DateTimeOffset createdAt)
    {
        _request = request;
        TrackEntries = tracks;
        Tracks = MediaTrack.FromEntries(tracks);
        _firstIndex = firstIndex;
        _cursor = firstIndex;
        _discontinuityMode = discontinuityMode;
        _createdAt = createdAt;
    }

    /// <summary>The session's tracks, first one first.</summary>
    public IReadOnlyList<MediaTrack> Tracks { get; }

    /// <summary>The MKV tracks every listed fragment must declare.</summary>
    public IReadOnlyList<MkvTrackEntry> TrackEntries { get; }

    /// <summary>The playlist's window now, after taking in what the store gained since the last look.</summary>
    public TimelineView View(StreamMedia media, DateTimeOffset now)
    {
        lock (_gate)
        {
            Advance(media, now);
            var window = _request.PlaybackMode == PlaybackSessionRequest.OnDemand
                ? _entries
                : _entries.Skip(Math.Max(0, _entries.Count - _request.MaxFragmentResults)).ToList();
            var origin = _origin ?? now;
            if (_anchor is null && window.Count > 0)
            {
                // A live DASH timeline is pinned to the emulator's clock when first shown: the newest
                // fragment's end is "now", so players find the live edge whatever the producer's clock says.
                _anchor = now - (window[^1].MediaEnd - origin);
            }

            return new TimelineView([.. window], _complete, _longest, _anchor ?? now, origin);
        }
    }

    /// <summary>The listed entry of sequence number <paramref name="sequence"/> (DASH $Number$), or null.</summary>
    public TimelineEntry? BySequence(long sequence)
    {
        lock (_gate)
        {
            return _entries.Find(e => e.Sequence == sequence);
        }
    }

    /// <summary>True when the session may serve <paramref name="fragment"/> (stored at <paramref name="index"/>): its tracks, and in its range or window.</summary>
    public bool Admits(StoredFragment fragment, long index) =>
        fragment.IsPersisted
        && HasSessionTracks(fragment)
        && (_request.Range is { } range ? range.Contains(fragment) : index >= _firstIndex);

    private void Advance(StreamMedia media, DateTimeOffset now)
    {
        _cursor = Math.Max(_cursor, media.FirstIndex);
        var range = _request.Range;
        var sawPastEnd = false;
        var blocked = false;
        for (; !_complete && _cursor < media.EndIndex; _cursor++)
        {
            var fragment = media.At(_cursor);
            if (fragment is null || !fragment.IsPersisted || !HasSessionTracks(fragment))
            {
                continue;
            }

            if (range is not null)
            {
                var at = range.TimestampOf(fragment);
                if (range.End is { } end && at > end)
                {
                    sawPastEnd = true;
                    continue;
                }

                if (at < range.Start)
                {
                    continue;
                }

                if (_request.PlaybackMode == PlaybackSessionRequest.LiveReplay)
                {
                    _replayOrigin ??= at;
                    if (now - _createdAt < at - _replayOrigin.Value)
                    {
                        blocked = true;
                        break;
                    }
                }
            }

            if (_request.PlaybackMode == PlaybackSessionRequest.OnDemand && _entries.Count >= _request.MaxFragmentResults)
            {
                break;
            }

            Take(fragment, _cursor);
        }

        _complete = _complete
            || _request.PlaybackMode == PlaybackSessionRequest.OnDemand
            || (_request.PlaybackMode == PlaybackSessionRequest.LiveReplay && range?.End is { } last && !blocked
                && (sawPastEnd || (!range.ByProducerTimestamp && now > last)));
    }

    private void Take(StoredFragment fragment, long index)
    {
        var previous = _entries.Count > 0 ? _entries[^1] : null;
        if (_request.SelectorType == FragmentTimeRange.ProducerTimestamp && previous is not null
            && fragment.ProducerTimestamp <= previous.Fragment.ProducerTimestamp)
        {
            // Listed producer starts only increase, so an equal one is found by binary search: a
            // duplicate (a producer's resend) takes the listed one's place; anything else this old
            // belongs to a collection ingested again later, and is left out.
            var at = _entries.BinarySearch(null!, Comparer<TimelineEntry>.Create((listed, _) => listed.Fragment.ProducerTimestamp.CompareTo(fragment.ProducerTimestamp)));
            if (at >= 0)
            {
                _entries[at] = _entries[at] with { Fragment = fragment, StoreIndex = index, Tracks = TimelineEntry.TimingsOf(fragment, Tracks) };
            }

            return;
        }

        var timings = TimelineEntry.TimingsOf(fragment, Tracks);
        if (!timings.TryGetValue(Tracks[0].TrackNumber, out var main))
        {
            return;
        }

        var entry = new TimelineEntry
        {
            Sequence = _nextSequence++,
            Fragment = fragment,
            StoreIndex = index,
            DiscontinuityBefore = false,
            DiscontinuitiesBefore = _discontinuities,
            Tracks = timings,
            Main = main,
            MainTimescale = Tracks[0].Timescale,
        };
        var discontinuity = _discontinuityMode switch
        {
            "ALWAYS" => true,
            "ON_DISCONTINUITY" => previous is not null && (entry.MediaStart - previous.MediaEnd).Duration() > DiscontinuityThreshold,
            _ => false,
        };
        if (discontinuity)
        {
            _discontinuities++;
            entry = entry with { DiscontinuityBefore = true };
        }

        _origin ??= entry.MediaStart;
        _entries.Add(entry);
        if (entry.Duration > _longest)
        {
            _longest = entry.Duration;
        }

        if (_entries.Count > HistoryLimit)
        {
            _entries.RemoveRange(0, _entries.Count - HistoryLimit);
        }
    }

    private bool HasSessionTracks(StoredFragment fragment)
    {
        var tracks = fragment.Header.Tracks;
        if (ReferenceEquals(tracks, TrackEntries))
        {
            return true;
        }

        if (tracks.Count != TrackEntries.Count)
        {
            return false;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].TrackNumber != TrackEntries[i].TrackNumber || tracks[i].CodecId != TrackEntries[i].CodecId
                || !tracks[i].CodecPrivate.Span.SequenceEqual(TrackEntries[i].CodecPrivate.Span))
            {
                return false;
            }
        }

        return true;
    }
}
