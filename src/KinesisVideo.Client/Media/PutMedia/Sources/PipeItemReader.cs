using System.Buffers;
using System.IO.Pipelines;

namespace KinesisVideo.Client.Media.PutMedia.Sources;

/// <summary>
/// Drives an <see cref="IPipeItemParser{TItem}"/> over a <see cref="PipeReader"/> one item at a
/// time. The pipe is advanced only when the parser needs more data, so the current item's slices
/// stay valid until the next <see cref="MoveNextAsync"/>, and a caller may stop between items (e.g.
/// after the tracks) and go on later without losing buffered bytes.
/// </summary>
internal sealed class PipeItemReader<TItem>
{
    private readonly PipeReader _input;
    private readonly IPipeItemParser<TItem> _parser;
    private ReadOnlySequence<byte> _buffer;
    private SequencePosition _consumed;
    private SequencePosition _examined;
    private bool _holding;
    private bool _final;
    private bool _ended;

    public PipeItemReader(PipeReader input, IPipeItemParser<TItem> parser)
    {
        _input = input;
        _parser = parser;
    }

    /// <summary>The item the last successful <see cref="MoveNextAsync"/> read.</summary>
    public TItem Current { get; private set; } = default!;

    /// <summary>Reads the next item; false at the end of the input.</summary>
    /// <exception cref="OperationCanceledException">The token fired, or the pipe's pending read was cancelled.</exception>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_holding)
            {
                if (_parser.TryRead(_buffer.Slice(_consumed), _final, out var item, out _consumed, out _examined))
                {
                    Current = item;
                    return true;
                }

                _holding = false;
                _input.AdvanceTo(_consumed, _examined);
                if (_final)
                {
                    _ended = true;
                }
            }

            if (_ended)
            {
                Current = default!;
                return false;
            }

            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                _input.AdvanceTo(result.Buffer.Start);
                throw new OperationCanceledException("The read from the pipe was cancelled.");
            }

            _buffer = result.Buffer;
            _consumed = _buffer.Start;
            _examined = _buffer.Start;
            _final = result.IsCompleted;
            _holding = true;
        }
    }

    /// <summary>
    /// Hands a held buffer back to the pipe, consumed up to the last item read, so whoever owns the
    /// pipe can read on from there.
    /// </summary>
    public void Release()
    {
        if (_holding)
        {
            _holding = false;
            _input.AdvanceTo(_consumed);
        }
    }
}
