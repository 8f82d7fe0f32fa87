using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Emulator.Media.Ingest;

/// <summary>A top-level or Segment-level element's start, found by <see cref="Level1ElementScanner"/>.</summary>
/// <param name="Id">The element id (EBML, Segment, Info, Tracks, Tags, Cluster, ...).</param>
/// <param name="Offset">Where its id starts, from the start of the body.</param>
/// <param name="SizeOffset">Where its size field starts.</param>
/// <param name="SizeLength">The size field's length in bytes.</param>
/// <param name="IsUnknownSize">True when the size is the unknown-size marker.</param>
internal readonly record struct Level1Element(uint Id, long Offset, long SizeOffset, int SizeLength, bool IsUnknownSize);

/// <summary>
/// Finds where each level-1 element of a PutMedia body begins, the boundaries that
/// <see cref="MkvStreamReader"/> crosses without reporting: where the producer's header ends, where
/// a fragment's first byte (its Tags or Cluster) arrives, and when a fragment is complete (the
/// next level-1 element starts). It walks element headers only, skipping bodies by their declared
/// size, and runs ahead of the reader over the bytes already buffered; malformed input is left
/// for the reader to report.
/// </summary>
internal sealed class Level1ElementScanner
{
    private long _position;
    private bool _inUnknownSizeCluster;

    /// <summary>The end of the furthest element whose header has been seen: the bytes the current fragment has committed to.</summary>
    public long DeclaredEnd { get; private set; }

    /// <summary>Scans <paramref name="buffered"/>, which begins at body offset <paramref name="bufferedStart"/>, adding what it finds to <paramref name="found"/>.</summary>
    public void Scan(in ReadOnlySequence<byte> buffered, long bufferedStart, Queue<Level1Element> found)
    {
        Span<byte> head = stackalloc byte[12];
        var end = bufferedStart + buffered.Length;
        while (_position < end)
        {
            var available = (int)Math.Min(head.Length, end - _position);
            buffered.Slice(_position - bufferedStart, available).CopyTo(head);
            if (EbmlVarInt.TryReadId(head[..available], out var id, out var idLength) != OperationStatus.Done
                || EbmlVarInt.TryReadSize(head[idLength..available], out var size, out var sizeLength) != OperationStatus.Done)
            {
                return;
            }

            var unknown = size == EbmlVarInt.UnknownSize;
            var headerEnd = _position + idLength + sizeLength;
            if (IsLevel1OrAbove(id))
            {
                found.Enqueue(new Level1Element(id, _position, _position + idLength, sizeLength, unknown));
                _inUnknownSizeCluster = id == MkvElementIds.Cluster && unknown;

                // Segment and an unknown-size Cluster are entered: their children are scanned.
                var entered = id == MkvElementIds.Segment || _inUnknownSizeCluster;
                if (!entered && unknown)
                {
                    return;
                }

                _position = entered ? headerEnd : headerEnd + (long)size;
            }
            else
            {
                // A child of an unknown-size Cluster, or an element between level-1 ones (Void):
                // always known-size in valid input.
                if (unknown)
                {
                    return;
                }

                _position = headerEnd + (long)size;
            }

            DeclaredEnd = Math.Max(DeclaredEnd, _position);
        }
    }

    private static bool IsLevel1OrAbove(uint id) => id is MkvElementIds.Ebml or MkvElementIds.Segment or MkvElementIds.SeekHead
        or MkvElementIds.Info or MkvElementIds.Tracks or MkvElementIds.Cues or MkvElementIds.Chapters or MkvElementIds.Tags
        or MkvElementIds.Attachments or MkvElementIds.Cluster;
}
