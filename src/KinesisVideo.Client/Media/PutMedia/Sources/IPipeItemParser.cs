using System.Buffers;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// A Kestrel-style try-parser: given the unread input, the next item or false when it needs more,
/// and how far it consumed and examined. The next call's buffer starts at the last consumed position.
/// </summary>
/// <typeparam name="TItem">What the parser reads; its slices of the input stay valid until the input is advanced.</typeparam>
internal interface IPipeItemParser<TItem>
{
    /// <summary>Reads the next item.</summary>
    /// <param name="buffer">The unread input.</param>
    /// <param name="isFinalBlock">No more input will come: the parser returns what is left or throws when it is truncated.</param>
    /// <param name="item">The item, when true is returned.</param>
    /// <param name="consumed">The end of the bytes that are done with.</param>
    /// <param name="examined">The end of the bytes looked at.</param>
    bool TryRead(in ReadOnlySequence<byte> buffer, bool isFinalBlock, out TItem item, out SequencePosition consumed, out SequencePosition examined);
}
