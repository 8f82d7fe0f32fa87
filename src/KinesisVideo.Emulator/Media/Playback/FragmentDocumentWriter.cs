using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// Writes fragments as GetMedia sends them: one standalone EBML document per fragment, made of the
/// producer's header replayed byte for byte, a Tags element with the fragment number and
/// timestamps, the fragment as one known-size Cluster, the producer's metadata tags, and a Tags
/// element with MILLIS_BEHIND_NOW and the continuation token (the layout of AWS's recordings).
/// Errors are documents of their own whose only content is the error's Tags.
/// </summary>
internal static class FragmentDocumentWriter
{
    // AWS's recordings give the Cluster its known size in an 8-byte field, whatever the producer sent.
    private const int ClusterSizeLength = 8;

    // The service's own Tags have 4-byte size fields; the producer's metadata keeps the 8 of its SDK.
    private const int ServiceTagsSizeLength = 4;
    private const int ProducerTagsSizeLength = 8;

    // An error document has no producer header to replay. It gets the EBML header AWS's producer SDK
    // writes (EBMLVersion 1, EBMLReadVersion 1, EBMLMaxIDLength 4, EBMLMaxSizeLength 8, DocType
    // matroska, DocTypeVersion 2, DocTypeReadVersion 2) and an unknown-size Segment.
    private static readonly byte[] s_errorDocumentHeader = Convert.FromHexString(
        "1A45DFA3A3" + "4286810142F7810142F2810442F381084282886D6174726F736B614287810242858102" + "18538067FF");

    /// <summary>Writes <paramref name="fragment"/> as one document.</summary>
    /// <param name="output">Where the document goes (the response's PipeWriter).</param>
    /// <param name="fragment">The stored fragment.</param>
    /// <param name="millisBehindNow">AWS_KINESISVIDEO_MILLIS_BEHIND_NOW.</param>
    /// <param name="continuationToken">AWS_KINESISVIDEO_CONTINUATION_TOKEN: where a new GetMedia resumes after this fragment.</param>
    public static void WriteFragment(IBufferWriter<byte> output, StoredFragment fragment, long millisBehindNow, string continuationToken)
    {
        output.Write(fragment.Header.Bytes.Span);
        output.WriteTags(
            [
                new(KvsFragmentTagNames.FragmentNumber, fragment.FragmentNumber),
                new(KvsFragmentTagNames.ServerTimestamp, EpochSeconds(fragment.ServerTimestamp)),
                new(KvsFragmentTagNames.ProducerTimestamp, EpochSeconds(fragment.ProducerTimestamp)),
            ],
            ServiceTagsSizeLength);
        WriteCluster(output, fragment);
        foreach (var metadata in fragment.Metadata)
        {
            // One Tags element per item, as the producer SDK sends fragment metadata.
            output.WriteTags([metadata], ProducerTagsSizeLength);
        }

        output.WriteTags(
            [
                new(KvsFragmentTagNames.MillisBehindNow, millisBehindNow.ToString(CultureInfo.InvariantCulture)),
                new(KvsFragmentTagNames.ContinuationToken, continuationToken),
            ],
            ServiceTagsSizeLength);
    }

    /// <summary>
    /// Writes a document that reports an error instead of a fragment, as the parser library expects
    /// it: a pre-cluster Tags element without SERVER_TIMESTAMP.
    /// </summary>
    /// <param name="output">Where the document goes.</param>
    /// <param name="tags">The error's tags, in order (the fragment number first, when there is one).</param>
    public static void WriteError(IBufferWriter<byte> output, ReadOnlySpan<KeyValuePair<string, string>> tags)
    {
        output.Write(s_errorDocumentHeader);
        output.WriteTags(tags, ServiceTagsSizeLength);
    }

    /// <summary>A timestamp as the service's tags carry it: decimal epoch seconds with 3 decimals.</summary>
    public static string EpochSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture);

    private static void WriteCluster(IBufferWriter<byte> output, StoredFragment fragment)
    {
        var timecode = (ulong)fragment.ClusterTimecode;
        var size = 1UL + (ulong)EbmlVarInt.GetSizeLength((ulong)EbmlWriter.GetUnsignedLength(timecode)) + (ulong)EbmlWriter.GetUnsignedLength(timecode);
        foreach (var frame in fragment.Frames)
        {
            var blockSize = BlockSize(frame);
            size += 1UL + (ulong)EbmlVarInt.GetSizeLength(blockSize) + blockSize;
        }

        output.WriteElementHeader(MkvElementIds.Cluster, size, ClusterSizeLength);
        output.WriteUnsigned(MkvElementIds.Timecode, timecode);
        foreach (var frame in fragment.Frames)
        {
            output.WriteElementHeader(MkvElementIds.SimpleBlock, BlockSize(frame));
            var head = output.GetSpan(EbmlVarInt.MaxSizeLength + 3);
            var n = EbmlVarInt.WriteSize(head, frame.TrackNumber);
            BinaryPrimitives.WriteInt16BigEndian(head[n..], frame.RelativeTimecode);
            head[n + 2] = frame.IsKeyFrame ? (byte)0x80 : (byte)0;
            output.Advance(n + 3);
            output.Write(frame.Data.Span);
        }
    }

    // Track number (a size-style vint), a 16-bit relative timecode, the flags byte, then the frame.
    private static ulong BlockSize(StoredFrame frame) =>
        (ulong)EbmlVarInt.GetSizeLength(frame.TrackNumber) + 3UL + (ulong)frame.Data.Length;
}
