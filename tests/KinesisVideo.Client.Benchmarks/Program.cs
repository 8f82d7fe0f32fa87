using BenchmarkDotNet.Running;
using KinesisVideo.Client.Benchmarks.Media.PutMedia;

// --emulator: the emulator process the media benchmarks start, so the benchmark process measures
// the client alone. --putmedia-load: the concurrent-sessions measurement (see PutMediaLoad).
switch (args)
{
    case ["--emulator", ..]:
        await EmulatorProcess.ServeAsync();
        return;
    case ["--putmedia-load", .. var rest]:
        await PutMediaLoad.RunAsync(rest);
        return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
