using System.Buffers;
using System.Security.Cryptography;

namespace KinesisVideo.Client.Mkv;

/// <summary>Builds the per-connection header bytes: EBML header, unknown-size Segment, Info, Tracks.</summary>
internal static class KvsMkvHeader
{
    public static byte[] Build(KvsMkvWriterOptions options)
    {
        var output = new ArrayBufferWriter<byte>(512);
        var body = new ArrayBufferWriter<byte>(256);

        WriteEbmlHeader(output, body);
        output.WriteUnknownSizeHeader(MkvElementIds.Segment);

        Span<byte> uid = stackalloc byte[16];
        if (options.SegmentUid.IsEmpty)
        {
            RandomNumberGenerator.Fill(uid);
        }
        else
        {
            options.SegmentUid.Span.CopyTo(uid);
        }

        body.WriteBinary(MkvElementIds.SegmentUid, uid);
        body.WriteUnsigned(MkvElementIds.TimecodeScale, (ulong)options.TimecodeScale);
        if (options.Title is not null)
        {
            body.WriteString(MkvElementIds.Title, options.Title);
        }

        body.WriteString(MkvElementIds.MuxingApp, options.ApplicationName);
        body.WriteString(MkvElementIds.WritingApp, options.ApplicationName);
        WriteMaster(output, MkvElementIds.Info, body);

        WriteTracks(output, options.Tracks, body);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The EBML header the AWS producers write (DocType matroska, versions 2/2, ids up to 4 bytes, sizes up to 8).</summary>
    internal static void WriteEbmlHeader(IBufferWriter<byte> output, ArrayBufferWriter<byte> body)
    {
        body.WriteUnsigned(MkvElementIds.EbmlVersion, 1);
        body.WriteUnsigned(MkvElementIds.EbmlReadVersion, 1);
        body.WriteUnsigned(MkvElementIds.EbmlMaxIdLength, 4);
        body.WriteUnsigned(MkvElementIds.EbmlMaxSizeLength, 8);
        body.WriteString(MkvElementIds.DocType, "matroska");
        body.WriteUnsigned(MkvElementIds.DocTypeVersion, 2);
        body.WriteUnsigned(MkvElementIds.DocTypeReadVersion, 2);
        WriteMaster(output, MkvElementIds.Ebml, body);
    }

    /// <summary>A Tracks element with one TrackEntry per track; <paramref name="body"/> is scratch space, left empty.</summary>
    internal static void WriteTracks(IBufferWriter<byte> output, IReadOnlyList<MkvTrackEntry> tracks, ArrayBufferWriter<byte> body)
    {
        var entries = new ArrayBufferWriter<byte>(256);
        foreach (var track in tracks)
        {
            WriteTrackEntry(body, track);
            WriteMaster(entries, MkvElementIds.TrackEntry, body);
        }

        WriteMaster(output, MkvElementIds.Tracks, entries);
    }

    private static void WriteTrackEntry(ArrayBufferWriter<byte> body, MkvTrackEntry track)
    {
        body.WriteUnsigned(MkvElementIds.TrackNumber, track.TrackNumber);
        body.WriteUnsigned(MkvElementIds.TrackUid, track.TrackUid != 0 ? track.TrackUid : track.TrackNumber, 8);
        body.WriteUnsigned(MkvElementIds.TrackType, (ulong)track.TrackType);
        if (track.Name is not null)
        {
            body.WriteString(MkvElementIds.Name, track.Name);
        }

        body.WriteString(MkvElementIds.CodecId, track.CodecId);
        if (track.DefaultDuration != 0)
        {
            body.WriteUnsigned(MkvElementIds.DefaultDuration, track.DefaultDuration);
        }

        if (track.PixelWidth > 0 && track.PixelHeight > 0)
        {
            var video = new ArrayBufferWriter<byte>(16);
            video.WriteUnsigned(MkvElementIds.PixelWidth, (ulong)track.PixelWidth);
            video.WriteUnsigned(MkvElementIds.PixelHeight, (ulong)track.PixelHeight);
            WriteMaster(body, MkvElementIds.Video, video);
        }

        if (track.SamplingFrequency > 0)
        {
            var audio = new ArrayBufferWriter<byte>(32);
            audio.WriteFloat(MkvElementIds.SamplingFrequency, track.SamplingFrequency);
            if (track.Channels > 0)
            {
                audio.WriteUnsigned(MkvElementIds.Channels, (ulong)track.Channels);
            }

            if (track.BitDepth > 0)
            {
                audio.WriteUnsigned(MkvElementIds.BitDepth, (ulong)track.BitDepth);
            }

            WriteMaster(body, MkvElementIds.Audio, audio);
        }

        if (!track.CodecPrivate.IsEmpty)
        {
            body.WriteBinary(MkvElementIds.CodecPrivate, track.CodecPrivate.Span);
        }
    }

    // Writes a master whose children were built in body, then empties body for reuse.
    internal static void WriteMaster(IBufferWriter<byte> output, uint id, ArrayBufferWriter<byte> body)
    {
        output.WriteElementHeader(id, (ulong)body.WrittenCount);
        output.Write(body.WrittenSpan);
        body.ResetWrittenCount();
    }
}
