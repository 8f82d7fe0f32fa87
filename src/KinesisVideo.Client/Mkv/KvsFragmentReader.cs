using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// Reads a GetMedia response into <see cref="KvsMediaFragment"/> values: one per EBML document
/// (the service sends each fragment as a standalone document, with its tags before and after the
/// cluster). Same try-parse contract as <see cref="MkvStreamReader"/>; a fragment is complete when
/// the next document starts or the input ends. Frame bytes are copied into the fragment, so
/// fragments outlive the input buffers; the copy is bounded by <see cref="MkvReaderOptions.MaxFragmentSize"/>.
/// </summary>
public sealed class KvsFragmentReader
{
    private readonly MkvStreamReader _reader;
    private readonly KvsFragmentBuilder _builder;

    /// <summary>Creates a reader with <paramref name="options"/> or the defaults.</summary>
    public KvsFragmentReader(MkvReaderOptions? options = null)
    {
        var effective = options ?? MkvReaderOptions.Default;
        _reader = new MkvStreamReader(effective);
        _builder = new KvsFragmentBuilder(effective.MaxFragmentSize);
    }

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
        var remaining = buffer;
        while (_reader.TryRead(remaining, out var item, out consumed, out examined))
        {
            if (item.Kind == MkvEventKind.DocumentStart && _builder.IsStarted)
            {
                fragment = _builder.Build(item.Offset);
                _builder.Start(item.Offset);
                return true;
            }

            _builder.Add(item, _reader.TimecodeScale);
            remaining = buffer.Slice(consumed);
        }

        if (isFinalBlock)
        {
            _reader.ThrowIfTruncated(buffer.Slice(consumed));
            if (_builder.IsStarted)
            {
                fragment = _builder.Build(_reader.BytesConsumed);
                return true;
            }
        }

        fragment = null;
        return false;
    }

    /// <summary>Reads every fragment of an in-memory GetMedia payload.</summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static IReadOnlyList<KvsMediaFragment> ReadAll(ReadOnlySequence<byte> payload, MkvReaderOptions? options = null)
    {
        var reader = new KvsFragmentReader(options);
        var fragments = new List<KvsMediaFragment>();
        while (reader.TryReadFragment(payload, isFinalBlock: true, out var fragment, out var consumed, out _))
        {
            fragments.Add(fragment!);
            payload = payload.Slice(consumed);
        }

        return fragments;
    }

    /// <summary>
    /// Reads fragments from <paramref name="input"/> until it completes (e.g. a GetMedia response
    /// body), calling AdvanceTo as it goes.
    /// </summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or is truncated.</exception>
    public static async IAsyncEnumerable<KvsMediaFragment> ReadAsync(PipeReader input, MkvReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parser = new KvsFragmentReader(options);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.Start;
            var final = result.IsCompleted || result.IsCanceled;
            try
            {
                while (parser.TryReadFragment(buffer.Slice(consumed), final, out var fragment, out consumed, out examined))
                {
                    yield return fragment!;
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }

            if (final)
            {
                yield break;
            }
        }
    }
}
