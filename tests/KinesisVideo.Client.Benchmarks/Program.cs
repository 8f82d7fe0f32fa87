using BenchmarkDotNet.Running;

// Named by a benchmark type: the emulator this project references has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(KinesisVideo.Client.Benchmarks.Mkv.MkvReaderBenchmarks).Assembly).Run(args);
