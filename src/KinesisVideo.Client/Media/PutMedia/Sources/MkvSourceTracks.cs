using System.Globalization;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// The tracks a Matroska input declares, the ones chosen for upload, and the map from the input's
/// track numbers (any values) to the session's 1..n, in the order the input declares them.
/// </summary>
internal sealed class MkvSourceTracks
{
    private readonly List<MkvTrackEntry> _declared = [];
    private ulong[] _inputNumbers = [];
    private MkvTrackEntry[] _chosen = [];

    /// <summary>The chosen tracks as the session declares them; empty until <see cref="Choose"/>.</summary>
    public IReadOnlyList<MediaTrack> MediaTracks { get; private set; } = [];

    /// <summary>Records a TrackEntry of the header; a repeat (a later EBML document's Tracks) must not change the track.</summary>
    /// <exception cref="MkvFormatException">A repeated TrackEntry changes its track.</exception>
    public void Declare(MkvTrackEntry entry, long offset)
    {
        var earlier = _declared.Find(t => t.TrackNumber == entry.TrackNumber);
        if (earlier is null)
        {
            _declared.Add(entry);
        }
        else
        {
            RequireUnchanged(earlier, entry, offset);
        }
    }

    /// <summary>
    /// Checks a TrackEntry met after the frames began (GetMedia output repeats Tracks in every
    /// fragment): a chosen track must stay as it was; other tracks are ignored.
    /// </summary>
    /// <exception cref="MkvFormatException">A chosen track changed.</exception>
    public void Redeclare(MkvTrackEntry entry, long offset)
    {
        var index = Array.IndexOf(_inputNumbers, entry.TrackNumber);
        if (index >= 0)
        {
            RequireUnchanged(_chosen[index], entry, offset);
        }
    }

    /// <summary>Chooses the tracks to upload and builds their session descriptions.</summary>
    /// <exception cref="MkvFormatException">No track to upload, a chosen number is not declared, or a codec's CodecPrivate is invalid.</exception>
    public void Choose(IReadOnlyList<ulong>? trackNumbers)
    {
        if (_declared.Count == 0)
        {
            throw new MkvFormatException("The input declares no tracks before its first Cluster (no Tracks element, or not a Matroska/WebM stream).");
        }

        List<MkvTrackEntry> chosen;
        if (trackNumbers is null)
        {
            var video = _declared.Find(t => t.TrackType == MkvTrackType.Video);
            var audio = _declared.Find(t => t.TrackType == MkvTrackType.Audio);
            chosen = _declared.Where(t => ReferenceEquals(t, video) || ReferenceEquals(t, audio)).ToList();
            if (chosen.Count == 0)
            {
                throw new MkvFormatException($"The input has no video or audio track ({Describe()}); choose tracks with MkvFrameSourceOptions.TrackNumbers.");
            }
        }
        else
        {
            foreach (var number in trackNumbers)
            {
                if (!_declared.Exists(t => t.TrackNumber == number))
                {
                    throw new MkvFormatException($"MkvFrameSourceOptions.TrackNumbers names track {number}, which the input does not declare ({Describe()}).");
                }
            }

            chosen = _declared.Where(t => trackNumbers.Contains(t.TrackNumber)).ToList();
        }

        _chosen = [.. chosen];
        _inputNumbers = [.. chosen.Select(t => t.TrackNumber)];
        MediaTracks = [.. chosen.Select(ToMediaTrack)];
    }

    /// <summary>The session's track number (1..n) for an input track number; false for a track not chosen.</summary>
    public bool TryMap(ulong inputTrackNumber, out ulong sessionTrackNumber, out MkvTrackEntry entry)
    {
        // At most three tracks: a scan beats any lookup structure.
        var numbers = _inputNumbers;
        for (var i = 0; i < numbers.Length; i++)
        {
            if (numbers[i] == inputTrackNumber)
            {
                sessionTrackNumber = (ulong)(i + 1);
                entry = _chosen[i];
                return true;
            }
        }

        sessionTrackNumber = 0;
        entry = null!;
        return false;
    }

    // The file's own declarations fill what the codec's parameters do not say (a Custom track's
    // size and rate, any track's name).
    private static MediaTrack Declared(MediaTrack track, MkvTrackEntry entry) => track with
    {
        Name = entry.Name,
        Width = track.Width > 0 ? track.Width : entry.PixelWidth,
        Height = track.Height > 0 ? track.Height : entry.PixelHeight,
        SampleRate = track.SampleRate > 0 ? track.SampleRate : entry.SamplingFrequency,
        Channels = track.Channels > 0 ? track.Channels : entry.Channels,
    };

    private static MediaTrack ToMediaTrack(MkvTrackEntry entry)
    {
        try
        {
            // The factories check the CodecPrivate; a track the service's playback cannot read anyway stays as declared.
            var track = entry.CodecId switch
            {
                MkvTrackEntry.H264CodecId => MediaTrack.H264(entry.CodecPrivate),
                MkvTrackEntry.H265CodecId => MediaTrack.H265(entry.CodecPrivate),
                MkvTrackEntry.AacCodecId => MediaTrack.Aac(entry.CodecPrivate),
                _ => MediaTrack.Custom(entry.TrackType, entry.CodecId, entry.CodecPrivate),
            };
            return Declared(track, entry);
        }
        catch (ArgumentException e)
        {
            var codec = entry.CodecId.Length == 0 ? "no CodecID" : entry.CodecId;
            throw new MkvFormatException(
                $"Track {entry.TrackNumber} ({codec}) cannot be uploaded: its CodecPrivate ({entry.CodecPrivate.Length} bytes) is not valid for the codec ({e.Message}). Kinesis Video Streams needs the codec's parameter sets in the track header.",
                e);
        }
    }

    private static void RequireUnchanged(MkvTrackEntry earlier, MkvTrackEntry entry, long offset)
    {
        if (earlier.CodecId != entry.CodecId || earlier.TrackType != entry.TrackType || !earlier.CodecPrivate.Span.SequenceEqual(entry.CodecPrivate.Span))
        {
            throw new MkvFormatException(
                $"Track {entry.TrackNumber} changes its codec or CodecPrivate at byte offset {offset}; upload the input from there in a new session, whose tracks are declared once.",
                offset,
                MkvElementIds.TrackEntry);
        }
    }

    private string Describe() => string.Join(", ", _declared.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.TrackNumber} {t.TrackType} {t.CodecId}")));
}
