using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// <see cref="MediaFragmentReader"/> over a <see cref="PipeReader"/>: each <see cref="ReadAsync"/>
/// returns the next fragment, whose frames are slices of the pipe's buffers. The pipe is advanced
/// past a fragment only when the next read needs more data, so a fragment's frames stay valid until
/// the next <see cref="ReadAsync"/>, and the unfinished fragment's bytes stay in the pipe meanwhile.
/// The caller owns the pipe (and completes it). Not thread-safe.
/// </summary>
public sealed class MediaFragmentPipeReader
{
    private readonly PipeReader _input;
    private readonly MediaFragmentReader _parser;
    private ReadOnlySequence<byte> _buffer;
    private bool _holding;
    private bool _final;
    private bool _ended;

    /// <summary>Reads from <paramref name="input"/> with <paramref name="parser"/> (a new one when null).</summary>
    /// <param name="input">The response body, from its first byte.</param>
    /// <param name="parser">A parser to reuse (its track cache survives); it is <see cref="MediaFragmentReader.Reset"/> first.</param>
    public MediaFragmentPipeReader(PipeReader input, MediaFragmentReader? parser = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _parser = parser ?? new MediaFragmentReader();
        _parser.Reset();
    }

    /// <summary>The bytes parsed so far.</summary>
    public long BytesParsed => _parser.BytesParsed;

    /// <summary>
    /// The next fragment, or null once the input has ended after a whole document. Releases the
    /// fragment the previous call returned.
    /// </summary>
    /// <exception cref="MkvFormatException">The input is malformed, exceeds a limit, or ended inside a document (<see cref="MkvFormatException.IsTruncated"/>).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MediaFragment?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (!_ended)
        {
            if (_holding)
            {
                if (_parser.TryRead(_buffer, _final, out var fragment, out var consumed, out var examined))
                {
                    // Keep the buffer: the fragment's frames point into it until the next read.
                    _buffer = _buffer.Slice(consumed);
                    return fragment;
                }

                _input.AdvanceTo(consumed, examined);
                _holding = false;
                _ended = _final;
                continue;
            }

            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            _buffer = result.Buffer;
            _holding = true;
            _final = result.IsCompleted || result.IsCanceled;
        }

        return null;
    }
}
