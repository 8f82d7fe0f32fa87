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

// Named by a benchmark type: the emulator this project references has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(KinesisVideo.Client.Benchmarks.Mkv.MkvReaderBenchmarks).Assembly).Run(args);
