using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Reads a GetMedia response into owned <see cref="KvsMediaFragment"/> values: one per EBML document
/// (the service sends each fragment as a standalone document, with its tags before and after the
/// cluster). It is <see cref="MediaFragmentReader"/> with every fragment detached, so fragments
/// outlive the input buffers at the cost of one copy of their frames; readers that process each
/// fragment as it comes use <see cref="MediaFragmentReader"/> and copy nothing.
/// </summary>
public sealed class KvsFragmentReader
{
    private readonly MediaFragmentReader _reader;

    /// <summary>Creates a reader with <paramref name="options"/> or the defaults.</summary>
    public KvsFragmentReader(MkvReaderOptions? options = null) => _reader = new MediaFragmentReader(options);

    /// <summary>Reads the next complete fragment.</summary>
    /// <param name="buffer">The unread input, starting where the last call's <paramref name="consumed"/> pointed.</param>
    /// <param name="isFinalBlock">True when no more input will come: the last document is then returned, and a truncated element throws.</param>
    /// <param name="fragment">The fragment, when true is returned.</param>
    /// <param name="consumed">The end of the bytes that are done with.</param>
    /// <param name="examined">The end of the bytes looked at.</param>
    /// <returns>True with a fragment; false when more data is needed (or, with <paramref name="isFinalBlock"/>, when nothing is left).</returns>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public bool TryReadFragment(in ReadOnlySequence<byte> buffer, bool isFinalBlock, out KvsMediaFragment? fragment, out SequencePosition consumed, out SequencePosition examined)
    {
        var found = _reader.TryRead(buffer, isFinalBlock, out var view, out consumed, out examined);
        fragment = view?.Detach();
        return found;
    }

    /// <summary>Reads every fragment of an in-memory GetMedia payload.</summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static IReadOnlyList<KvsMediaFragment> ReadAll(ReadOnlySequence<byte> payload, MkvReaderOptions? options = null) =>
        MediaFragmentReader.ReadAll(payload, options);

    /// <summary>
    /// Reads fragments from <paramref name="input"/> until it completes (e.g. a GetMedia response
    /// body), calling AdvanceTo as it goes.
    /// </summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static async IAsyncEnumerable<KvsMediaFragment> ReadAsync(PipeReader input, MkvReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var fragment in MediaFragmentReader.ReadAsync(input, options, cancellationToken).ConfigureAwait(false))
        {
            yield return fragment.Detach();
        }
    }
}
