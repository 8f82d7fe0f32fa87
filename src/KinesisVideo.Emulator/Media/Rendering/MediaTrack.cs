using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Mkv.Codecs;
using KinesisVideo.Emulator.Media.Archive;

namespace KinesisVideo.Emulator.Media.Rendering;

/// <summary>The codecs the packagers write: those the playback track rules accept.</summary>
internal enum MediaCodec
{
    H264,
    H265,
    Aac,
    ALaw,
    MuLaw,
}

/// <summary>
/// One track of a stream as the packagers see it: the MKV track's codec and codec private data,
/// with what MP4 and MPEG-TS need derived from them once (timescale, picture size, sampling rate,
/// NAL length size, the RFC 6381 codec string players select decoders by).
/// </summary>
internal sealed record MediaTrack
{
    /// <summary>Video is timed at 90 kHz (MPEG-TS's clock; exact for millisecond timecodes).</summary>
    public const uint VideoTimescale = 90_000;

    /// <summary>The MKV track number, also the MP4 track_ID.</summary>
    public required ulong TrackNumber { get; init; }

    public required MediaCodec Codec { get; init; }

    public bool IsVideo => Codec is MediaCodec.H264 or MediaCodec.H265;

    /// <summary>Ticks per second of the track's MP4 timeline: 90 kHz for video, the sampling rate for audio.</summary>
    public required uint Timescale { get; init; }

    /// <summary>The codec private data as the producer sent it (avcC, hvcC, AudioSpecificConfig, WAVEFORMATEX).</summary>
    public required ReadOnlyMemory<byte> CodecPrivate { get; init; }

    /// <summary>The RFC 6381 codec string (avc1.4d401f, hvc1.1.6.L93.B0, mp4a.40.2, alaw).</summary>
    public required string CodecString { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int SampleRate { get; init; }

    public int Channels { get; init; }

    /// <summary>AAC: 1024 (or 960) samples per frame; 0 for other codecs.</summary>
    public int SamplesPerFrame { get; init; }

    /// <summary>AAC: the config, for ADTS headers.</summary>
    public AacConfig Aac { get; init; }

    /// <summary>H.264/H.265: bytes of each NAL unit's length prefix in the frames (from the decoder configuration record).</summary>
    public int NalLengthSize { get; init; }

    /// <summary>The nominal frame duration the MKV track declares, in nanoseconds (0 when none).</summary>
    public ulong DefaultDurationNanoseconds { get; init; }

    /// <summary>The tracks of <paramref name="entries"/>; the playback track rules have accepted them already.</summary>
    public static IReadOnlyList<MediaTrack> FromEntries(IReadOnlyList<MkvTrackEntry> entries) => [.. entries.Select(From)];

    /// <summary>The track for <paramref name="entry"/>; throws InvalidCodecPrivateDataException when its codec private data cannot be read.</summary>
    public static MediaTrack From(MkvTrackEntry entry)
    {
        var data = entry.CodecPrivate;
        return entry.CodecId switch
        {
            MkvTrackEntry.H264CodecId => Avc(entry),
            MkvTrackEntry.H265CodecId => Hevc(entry),
            MkvTrackEntry.AacCodecId when AacConfig.TryParse(data.Span, out var aac) => new MediaTrack
            {
                TrackNumber = entry.TrackNumber,
                Codec = MediaCodec.Aac,
                Timescale = (uint)aac.SampleRate,
                CodecPrivate = data,
                CodecString = "mp4a.40." + aac.ObjectType.ToString(CultureInfo.InvariantCulture),
                SampleRate = aac.SampleRate,
                Channels = aac.Channels == 0 ? Math.Max(1, entry.Channels) : aac.Channels,
                SamplesPerFrame = aac.SamplesPerFrame,
                Aac = aac,
            },
            PlaybackTrackRules.MsWaveCodecId => Wave(entry),
            _ => throw Invalid(entry),
        };
    }

    private static MediaTrack Avc(MkvTrackEntry entry)
    {
        var record = entry.CodecPrivate.Span;
        if (!AvcDecoderConfigurationRecord.TryGetParameterSets(record, out var sps, out _))
        {
            throw Invalid(entry);
        }

        var parsed = H264SequenceParameterSet.TryParse(sps, out var sequence) ? sequence : default;
        return new MediaTrack
        {
            TrackNumber = entry.TrackNumber,
            Codec = MediaCodec.H264,
            Timescale = VideoTimescale,
            CodecPrivate = entry.CodecPrivate,
            CodecString = string.Create(CultureInfo.InvariantCulture, $"avc1.{record[1]:x2}{record[2]:x2}{record[3]:x2}"),
            Width = parsed.Width > 0 ? parsed.Width : entry.PixelWidth,
            Height = parsed.Height > 0 ? parsed.Height : entry.PixelHeight,
            NalLengthSize = (record[4] & 3) + 1,
            DefaultDurationNanoseconds = entry.DefaultDuration,
        };
    }

    private static MediaTrack Hevc(MkvTrackEntry entry)
    {
        var record = entry.CodecPrivate.Span;
        if (record.Length < 23 || record[0] != 1)
        {
            throw Invalid(entry);
        }

        var size = (0, 0);
        foreach (var (type, nal) in HevcParameterSets.Of(entry.CodecPrivate))
        {
            if (type == HevcParameterSets.Sps && H265SequenceParameterSet.TryParse(nal.Span, out var sps))
            {
                size = (sps.Width, sps.Height);
                break;
            }
        }

        return new MediaTrack
        {
            TrackNumber = entry.TrackNumber,
            Codec = MediaCodec.H265,
            Timescale = VideoTimescale,
            CodecPrivate = entry.CodecPrivate,
            CodecString = HevcCodecString(record),
            Width = size.Item1 > 0 ? size.Item1 : entry.PixelWidth,
            Height = size.Item2 > 0 ? size.Item2 : entry.PixelHeight,
            NalLengthSize = (record[21] & 3) + 1,
            DefaultDurationNanoseconds = entry.DefaultDuration,
        };
    }

    // WAVEFORMATEX (little-endian): format tag 6 A-law or 7 mu-law, channels, samples per second.
    private static MediaTrack Wave(MkvTrackEntry entry)
    {
        var data = entry.CodecPrivate.Span;
        var tag = data.Length >= 16 ? BinaryPrimitives.ReadUInt16LittleEndian(data) : 0;
        if (tag is not (6 or 7))
        {
            throw Invalid(entry);
        }

        var channels = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        var rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (channels == 0 || rate <= 0)
        {
            throw Invalid(entry);
        }

        return new MediaTrack
        {
            TrackNumber = entry.TrackNumber,
            Codec = tag == 6 ? MediaCodec.ALaw : MediaCodec.MuLaw,
            Timescale = (uint)rate,
            CodecPrivate = entry.CodecPrivate,
            CodecString = tag == 6 ? "alaw" : "ulaw",
            SampleRate = rate,
            Channels = channels,
        };
    }

    // ISO/IEC 14496-15 Annex E: hvc1.<space><profile>.<compatibility, bit-reversed>.<tier><level>.<constraints>
    private static string HevcCodecString(ReadOnlySpan<byte> record)
    {
        var space = (record[1] >> 6) switch { 1 => "A", 2 => "B", 3 => "C", _ => "" };
        var compatibility = BinaryPrimitives.ReadUInt32BigEndian(record[2..]);
        uint reversed = 0;
        for (var i = 0; i < 32; i++)
        {
            reversed |= ((compatibility >> i) & 1) << (31 - i);
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"hvc1.{space}{record[1] & 0x1F}.{reversed:X}.{((record[1] & 0x20) != 0 ? 'H' : 'L')}{record[12]}"));
        var constraints = record.Slice(6, 6);
        var last = constraints.LastIndexOfAnyExcept((byte)0);
        for (var i = 0; i <= last; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $".{constraints[i]:X2}");
        }

        return text.ToString();
    }

    private static Protocol.ServiceErrorException Invalid(MkvTrackEntry entry) =>
        new(Protocol.ErrorCodes.InvalidCodecPrivateData, $"The codec private data of track {entry.TrackNumber} ({entry.CodecId}) is not in the format that codec requires.");
}
