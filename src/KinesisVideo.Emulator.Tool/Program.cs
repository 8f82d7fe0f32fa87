// The entry point of a console app runs without a synchronization context; ConfigureAwait changes nothing here.
#pragma warning disable CA2007

using System.Runtime.InteropServices;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Hosting;

// The standalone server: parse the command line, start, print where it listens, run until Ctrl+C.
KinesisVideoEmulatorOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + CommandLine.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

// Ctrl+C and SIGTERM (docker stop, kill, timeout) both stop every origin and end the process.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var emulator = await KinesisVideoEmulator.StartAsync(options, stop.Token);
Console.Write(Banner.For(emulator));
await Console.Out.FlushAsync();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
