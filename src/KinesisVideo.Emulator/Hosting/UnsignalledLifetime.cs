using Microsoft.Extensions.Hosting;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>
/// A host lifetime that listens to no process signal. The default console lifetime hooks Ctrl+C and
/// SIGTERM and then waits for the host to stop; an emulator inside a test process must not take the
/// test runner's signals, and the standalone server handles them once, in Program, for all origins.
/// </summary>
internal sealed class UnsignalledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
