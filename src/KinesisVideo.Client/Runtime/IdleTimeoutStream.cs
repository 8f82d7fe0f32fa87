using System.Runtime.CompilerServices;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// A response body whose every read may wait at most an idle timeout, on the injected clock, for
/// its next bytes; a read that waits longer fails with <see cref="TimeoutException"/> (and aborts
/// the connection under it), so a stalled media connection is noticed and resumed rather than
/// waited on for ever. Reads use the cancellation token given here. Read-only, forward-only.
/// </summary>
internal sealed class IdleTimeoutStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource? _idle;
    private readonly CancellationTokenSource? _linked;
    private bool _timedOut;

    public IdleTimeoutStream(Stream inner, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        _inner = inner;
        _timeout = timeout;
        _cancellation = cancellationToken;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            // Armed from the start: waiting for the first bytes counts too. Re-armed by every read.
            _idle = new CancellationTokenSource(timeout, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_idle is null)
        {
            return await _inner.ReadAsync(buffer, _cancellation).ConfigureAwait(false);
        }

        if (_timedOut)
        {
            throw Stalled(null);
        }

        _idle.CancelAfter(_timeout);
        try
        {
            return await _inner.ReadAsync(buffer, _linked!.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (_idle.IsCancellationRequested && !_cancellation.IsCancellationRequested)
        {
            // The read was cancelled (or the connection aborted) because the idle timer fired.
            _timedOut = true;
            throw Stalled(e);
        }
        finally
        {
            if (!_idle.IsCancellationRequested)
            {
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _linked?.Dispose();
            _idle?.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private TimeoutException Stalled(Exception? inner) =>
        new($"No bytes arrived for {_timeout.TotalSeconds:0.###} s: the connection is stalled.", inner);
}
