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

        body.WriteUnsigned(MkvElementIds.EbmlVersion, 1);
        body.WriteUnsigned(MkvElementIds.EbmlReadVersion, 1);
        body.WriteUnsigned(MkvElementIds.EbmlMaxIdLength, 4);
        body.WriteUnsigned(MkvElementIds.EbmlMaxSizeLength, 8);
        body.WriteString(MkvElementIds.DocType, "matroska");
        body.WriteUnsigned(MkvElementIds.DocTypeVersion, 2);
        body.WriteUnsigned(MkvElementIds.DocTypeReadVersion, 2);
        WriteMaster(output, MkvElementIds.Ebml, body);

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

        var tracks = new ArrayBufferWriter<byte>(256);
        foreach (var track in options.Tracks)
        {
            WriteTrackEntry(body, track);
            WriteMaster(tracks, MkvElementIds.TrackEntry, body);
        }

        WriteMaster(output, MkvElementIds.Tracks, tracks);
        return output.WrittenSpan.ToArray();
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
    private static void WriteMaster(IBufferWriter<byte> output, uint id, ArrayBufferWriter<byte> body)
    {
        output.WriteElementHeader(id, (ulong)body.WrittenCount);
        output.Write(body.WrittenSpan);
        body.ResetWrittenCount();
    }
}
