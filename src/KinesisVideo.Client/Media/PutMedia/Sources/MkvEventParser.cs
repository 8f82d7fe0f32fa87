using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary><see cref="MkvStreamReader"/> as an <see cref="IPipeItemParser{TItem}"/>: at the end of the input, a truncated element throws.</summary>
internal sealed class MkvEventParser(MkvReaderOptions options) : IPipeItemParser<MkvEvent>
{
    private readonly MkvStreamReader _reader = new(options);

    public bool TryRead(in ReadOnlySequence<byte> buffer, bool isFinalBlock, out MkvEvent item, out SequencePosition consumed, out SequencePosition examined)
    {
        if (_reader.TryRead(buffer, out item, out consumed, out examined))
        {
            return true;
        }

        if (isFinalBlock)
        {
            _reader.ThrowIfTruncated(buffer.Slice(consumed));
        }

        return false;
    }
}
