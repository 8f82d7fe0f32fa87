using System.Buffers;
using System.Globalization;

namespace KinesisVideo.Client.Mkv;

/// <summary>Collects one document's events into a <see cref="KvsMediaFragment"/>, copying frame bytes into one buffer.</summary>
internal sealed class KvsFragmentBuilder
{
    private readonly long _maxBytes;
    private readonly Dictionary<string, string> _awsTags = new(StringComparer.Ordinal);
    private readonly List<MkvTag> _otherTags = [];
    private readonly List<MkvTrackEntry> _tracks = [];
    private readonly List<(ulong Track, long Timecode, bool Key, int Start, int Length)> _frames = [];
    private byte[] _data = [];
    private int _dataLength;
    private long? _clusterTimecode;
    private long _timecodeScale = 1_000_000;

    public KvsFragmentBuilder(long maxBytes) => _maxBytes = maxBytes;

    public bool IsStarted { get; private set; }

    public long Offset { get; private set; }

    public void Start(long offset)
    {
        IsStarted = true;
        Offset = offset;
        _awsTags.Clear();
        _otherTags.Clear();
        _tracks.Clear();
        _frames.Clear();
        _data = [];
        _dataLength = 0;
        _clusterTimecode = null;
        _timecodeScale = 1_000_000;
    }

    public void Add(in MkvEvent item, long timecodeScale)
    {
        if (!IsStarted)
        {
            Start(item.Offset);
        }

        _timecodeScale = timecodeScale;

        switch (item.Kind)
        {
            case MkvEventKind.TrackEntry:
                _tracks.Add(item.TrackEntry!);
                break;
            case MkvEventKind.ClusterStart:
                _clusterTimecode ??= item.ClusterTimecode;
                break;
            case MkvEventKind.Tag:
                AddTag(item.Tag);
                break;
            case MkvEventKind.Frame:
                AddFrame(item);
                break;
        }
    }

    public KvsMediaFragment Build(long endOffset)
    {
        var timecodeScale = _timecodeScale;
        var frames = new KvsFrame[_frames.Count];
        var data = _data;
        for (var i = 0; i < frames.Length; i++)
        {
            var (track, timecode, key, start, length) = _frames[i];
            frames[i] = new KvsFrame(track, timecode, MkvFrame.ToTimeSpan(timecode, timecodeScale), key, data.AsMemory(start, length));
        }

        _awsTags.TryGetValue(KvsFragmentTagNames.FragmentNumber, out var fragmentNumber);
        _awsTags.TryGetValue(KvsFragmentTagNames.ContinuationToken, out var continuationToken);
        // GetMedia names its error tags ERROR_ID/ERROR_CODE; GetMediaForFragmentList EXCEPTION_ERROR_CODE/EXCEPTION_MESSAGE.
        var errorCode = _awsTags.GetValueOrDefault(KvsFragmentTagNames.ErrorCode) ?? _awsTags.GetValueOrDefault(KvsFragmentTagNames.ExceptionMessage);
        var fragment = new KvsMediaFragment
        {
            Offset = Offset,
            Length = endOffset - Offset,
            FragmentNumber = fragmentNumber,
            ServerTimestamp = ParseEpochSeconds(KvsFragmentTagNames.ServerTimestamp),
            ProducerTimestamp = ParseEpochSeconds(KvsFragmentTagNames.ProducerTimestamp),
            MillisBehindNow = ParseInteger(KvsFragmentTagNames.MillisBehindNow),
            ContinuationToken = continuationToken,
            ErrorId = ParseInteger(KvsFragmentTagNames.ErrorId) ?? ParseInteger(KvsFragmentTagNames.ExceptionErrorCode),
            ErrorCode = errorCode,
            KinesisVideoTags = new Dictionary<string, string>(_awsTags, StringComparer.Ordinal),
            OtherTags = _otherTags.ToArray(),
            Tracks = _tracks.ToArray(),
            ClusterTimecode = _clusterTimecode,
            TimecodeScale = timecodeScale,
            Frames = frames,
        };
        IsStarted = false;
        return fragment;
    }

    private void AddTag(in MkvSimpleTag tag)
    {
        var name = tag.GetName();
        var value = tag.GetStringValue();
        if (!tag.IsBinary && name.StartsWith(KvsFragmentTagNames.Prefix, StringComparison.Ordinal))
        {
            _awsTags[name] = value;
        }
        else
        {
            _otherTags.Add(new MkvTag(name, value, tag.IsBinary ? new ReadOnlyMemory<byte>(tag.ValueBytes.ToArray()) : (ReadOnlyMemory<byte>?)null));
        }
    }

    private void AddFrame(in MkvEvent item)
    {
        var frame = item.Frame;
        var length = frame.Payload.Length;
        if (_dataLength + length > Math.Min(_maxBytes, Array.MaxLength))
        {
            MkvStreamReader.ThrowFormat($"The fragment's frames exceed MaxFragmentSize {_maxBytes}", item.Offset, MkvElementIds.Cluster);
        }

        // Grow by doubling, but never past the cap; length counts bytes already in hand, not a declared size.
        var needed = _dataLength + (int)length;
        if (needed > _data.Length)
        {
            var grown = Math.Min(Math.Max(4096L, _data.Length * 2L), Math.Min(_maxBytes, Array.MaxLength));
            Array.Resize(ref _data, (int)Math.Max(grown, needed));
        }

        frame.Payload.CopyTo(_data.AsSpan(_dataLength));
        _frames.Add((frame.TrackNumber, frame.Timecode, frame.IsKeyFrame, _dataLength, (int)length));
        _dataLength = needed;
    }

    private DateTimeOffset? ParseEpochSeconds(string name)
    {
        // The service writes epoch seconds with 3 decimals, e.g. 1519423069.070.
        if (_awsTags.TryGetValue(name, out var text)
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds < 253402300799m)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
        }

        return null;
    }

    private long? ParseInteger(string name) =>
        _awsTags.TryGetValue(name, out var text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
