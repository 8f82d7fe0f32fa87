using System.Threading.Tasks.Sources;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// An auto-reset signal with one waiter at a time, whose wait allocates nothing: the upload loop
/// waits for new bytes and the writer for room on it once per frame, so a Task or a
/// SemaphoreSlim wait per frame would be the session's only allocation. A <see cref="Set"/> with
/// nobody waiting is remembered for the next wait. Waits are not cancellable: whoever stops the
/// waiter sets the signal and the waiter checks why it woke.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _set;
    private bool _waiting;

    /// <summary>Wakes the waiter, or the next one to wait.</summary>
    public void Set()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                _set = true;
                return;
            }

            _waiting = false;
        }

        _core.SetResult(true);
    }

    /// <summary>Completes once the signal is set (at once when it already is), and resets it.</summary>
    /// <exception cref="InvalidOperationException">Another wait is pending.</exception>
    public ValueTask WaitAsync()
    {
        lock (_gate)
        {
            if (_set)
            {
                _set = false;
                return ValueTask.CompletedTask;
            }

            if (_waiting)
            {
                throw new InvalidOperationException("The signal has a waiter already.");
            }

            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
