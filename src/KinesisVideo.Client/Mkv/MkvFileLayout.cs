using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// The parts of a recorded Matroska file around its clusters: the header (EBML header, Segment,
/// room for a SeekHead, Info, Tracks), the Cues, and the values patched in once the file is
/// complete. Offsets are from the start of the file; segment positions from the Segment's data.
/// </summary>
internal sealed class MkvFileLayout
{
    // A SeekHead of three Seeks with 8-byte positions is 68 bytes; the rest of the room stays a Void.
    private const int SeekHeadRoom = 96;

    // The 8-byte form of "unknown size": what a seekable file's Segment says until it is complete,
    // so a file cut short (a crash) still reads as a live-style recording.
    private const ulong UnknownSize8 = 0x01FF_FFFF_FFFF_FFFF;

    private readonly bool _seekable;
    private long _segmentSizeAt;
    private long _seekHeadAt;
    private long _durationAt;
    private long _infoPosition;
    private long _tracksPosition;

    public MkvFileLayout(bool seekable) => _seekable = seekable;

    /// <summary>The file offset where the Segment's data starts (segment positions count from here).</summary>
    public long SegmentDataStart { get; private set; }

    /// <summary>Writes everything before the first cluster, starting at file offset <paramref name="at"/>.</summary>
    public void WriteHeader(ArrayBufferWriter<byte> output, long at, IReadOnlyList<MkvTrackEntry> tracks, DateTimeOffset? date, MkvFileWriterOptions options)
    {
        var scratch = new ArrayBufferWriter<byte>(256);
        var start = output.WrittenCount;
        KvsMkvHeader.WriteEbmlHeader(output, scratch);
        if (_seekable)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), MkvElementIds.Segment);
            output.Advance(4);
            _segmentSizeAt = at + output.WrittenCount - start;
            BinaryPrimitives.WriteUInt64BigEndian(output.GetSpan(8), UnknownSize8);
            output.Advance(8);
        }
        else
        {
            output.WriteUnknownSizeHeader(MkvElementIds.Segment);
        }

        SegmentDataStart = at + output.WrittenCount - start;
        if (_seekable)
        {
            _seekHeadAt = at + output.WrittenCount - start;
            WriteVoid(output, SeekHeadRoom);
        }

        _infoPosition = at + output.WrittenCount - start - SegmentDataStart;
        Span<byte> uid = stackalloc byte[16];
        RandomNumberGenerator.Fill(uid);
        scratch.WriteBinary(MkvElementIds.SegmentUid, uid);
        scratch.WriteUnsigned(MkvElementIds.TimecodeScale, (ulong)options.TimecodeScale);
        if (_seekable)
        {
            scratch.WriteElementHeader(MkvElementIds.Duration, 8);
            var durationInInfo = scratch.WrittenCount;
            scratch.Write(stackalloc byte[8]);
            _durationAt = SegmentDataStart + _infoPosition + InfoHeaderLength + durationInInfo;
        }

        if (date is { } utc)
        {
            scratch.WriteDate(MkvElementIds.DateUtc, utc);
        }

        if (options.Title is not null)
        {
            scratch.WriteString(MkvElementIds.Title, options.Title);
        }

        scratch.WriteString(MkvElementIds.MuxingApp, options.ApplicationName);
        scratch.WriteString(MkvElementIds.WritingApp, options.ApplicationName);
        WriteInfo(output, scratch);

        _tracksPosition = at + output.WrittenCount - start - SegmentDataStart;
        if (tracks.Count > 0)
        {
            KvsMkvHeader.WriteTracks(output, tracks, scratch);
        }
    }

    /// <summary>Writes Cues pointing at <paramref name="cues"/> (time in ticks, cluster's segment position) for <paramref name="track"/>.</summary>
    public static void WriteCues(ArrayBufferWriter<byte> output, IReadOnlyList<(long Time, long ClusterPosition)> cues, ulong track)
    {
        var points = new ArrayBufferWriter<byte>(cues.Count * 24);
        var point = new ArrayBufferWriter<byte>(32);
        var positions = new ArrayBufferWriter<byte>(16);
        foreach (var (time, cluster) in cues)
        {
            positions.WriteUnsigned(MkvElementIds.CueTrack, track);
            positions.WriteUnsigned(MkvElementIds.CueClusterPosition, (ulong)cluster);
            point.WriteUnsigned(MkvElementIds.CueTime, (ulong)time);
            KvsMkvHeader.WriteMaster(point, MkvElementIds.CueTrackPositions, positions);
            KvsMkvHeader.WriteMaster(points, MkvElementIds.CuePoint, point);
        }

        KvsMkvHeader.WriteMaster(output, MkvElementIds.Cues, points);
    }

    /// <summary>
    /// Patches a seekable file once everything is written: the Segment's size, the Duration, and a
    /// SeekHead naming Info, Tracks and (when written) Cues.
    /// </summary>
    public async ValueTask FinishAsync(Stream destination, long fileStart, long fileEnd, double duration, long? cuesPosition, CancellationToken cancellationToken)
    {
        var patch = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(patch, (1UL << 56) | (ulong)(fileEnd - SegmentDataStart));
        await WriteAtAsync(destination, fileStart + _segmentSizeAt, patch, cancellationToken).ConfigureAwait(false);

        BinaryPrimitives.WriteDoubleBigEndian(patch, duration);
        await WriteAtAsync(destination, fileStart + _durationAt, patch, cancellationToken).ConfigureAwait(false);

        var seeks = new ArrayBufferWriter<byte>(SeekHeadRoom);
        var seek = new ArrayBufferWriter<byte>(24);
        AddSeek(seeks, seek, MkvElementIds.Info, _infoPosition);
        AddSeek(seeks, seek, MkvElementIds.Tracks, _tracksPosition);
        if (cuesPosition is { } cues)
        {
            AddSeek(seeks, seek, MkvElementIds.Cues, cues);
        }

        var seekHead = new ArrayBufferWriter<byte>(SeekHeadRoom);
        KvsMkvHeader.WriteMaster(seekHead, MkvElementIds.SeekHead, seeks);
        WriteVoid(seekHead, SeekHeadRoom - seekHead.WrittenCount);
        await WriteAtAsync(destination, fileStart + _seekHeadAt, seekHead.WrittenMemory, cancellationToken).ConfigureAwait(false);
        destination.Position = fileStart + fileEnd;
    }

    // Info is written with a 4-byte id and an 8-byte size, so where Duration lands is known before the Info is.
    private const int InfoHeaderLength = 4 + 8;

    private static void WriteInfo(ArrayBufferWriter<byte> output, ArrayBufferWriter<byte> body)
    {
        output.WriteElementHeader(MkvElementIds.Info, (ulong)body.WrittenCount, 8);
        output.Write(body.WrittenSpan);
        body.ResetWrittenCount();
    }

    private static void AddSeek(ArrayBufferWriter<byte> seeks, ArrayBufferWriter<byte> seek, uint id, long position)
    {
        Span<byte> idBytes = stackalloc byte[4];
        seek.WriteBinary(MkvElementIds.SeekId, idBytes[..EbmlVarInt.WriteId(idBytes, id)]);
        seek.WriteUnsigned(MkvElementIds.SeekPosition, (ulong)position, 8);
        KvsMkvHeader.WriteMaster(seeks, MkvElementIds.Seek, seek);
    }

    // A Void element of exactly `length` bytes (at least 2): its id, a one-byte size, zeros.
    private static void WriteVoid(ArrayBufferWriter<byte> output, int length)
    {
        output.WriteElementHeader(MkvElementIds.Void, (ulong)(length - 2), 1);
        output.GetSpan(length - 2)[..(length - 2)].Clear();
        output.Advance(length - 2);
    }

    private static async ValueTask WriteAtAsync(Stream destination, long offset, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        destination.Position = offset;
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
