using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// Many live producers in one process: <c>--putmedia-load [sessions] [seconds] [frameBytes]</c>
/// (default 500 sessions, 30 s, 2,500-byte frames: a 500 kbit/s camera) at 25 frames a second each,
/// one-second fragments, into the emulator in a process of its own. Like independent cameras, the
/// sessions' key frames fall on different ticks (session i's on tick i mod 25). It reports the client process's
/// working set and GC heap, its CPU time, and the latency from a fragment's last frame being written
/// (the next key frame) to its RECEIVED acknowledgement, over all sessions after a 5-second warm-up.
/// A soak, not a microbenchmark: BenchmarkDotNet's repeated operations do not fit it.
/// </summary>
internal static class PutMediaLoad
{
    private static readonly TimeSpan s_frameInterval = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan s_warmUp = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string[] args)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var frameBytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2500;
        using var emulator = EmulatorProcess.Start();
        var options = emulator.ClientOptions();
        using var controlPlane = new KinesisVideoClient(options);
        using var media = new KinesisVideoMediaClient(options);
        var payload = new byte[frameBytes];
        Random.Shared.NextBytes(payload);

        Console.WriteLine($"starting {sessions} sessions");
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = $"load-{i}", DataRetentionInHours = 1 }, token));
        var started = new PutMediaSession[sessions];
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            started[i] = await media.StartPutMediaAsync(
                new PutMediaSessionOptions { StreamName = $"load-{i}", Tracks = [UploadFrames.Track], Completion = PutMediaCompletion.Received, MaxBufferedBytes = 4L * 1024 * 1024 },
                token));

        var latencies = new ConcurrentBag<double>();
        var measuring = false;
        var readers = started.Select(session => Task.Run(async () =>
        {
            await foreach (var item in session.ReadEventsAsync())
            {
                if (measuring && item is PutMediaAcknowledgement { Latency: { } latency } ack && ack.EventType == PutMediaAckEventType.RECEIVED)
                {
                    latencies.Add(latency.TotalMilliseconds);
                }
            }
        })).ToArray();

        Console.WriteLine($"writing {seconds} s of 25 fps from each");
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var peakWorkingSet = 0L;
        var peakHeap = 0L;
        var lateTicks = 0;
        var lastTick = TimeSpan.Zero;
        using var timer = new PeriodicTimer(s_frameInterval);
        for (var frame = 0; frame < seconds * 25; frame++)
        {
            await timer.WaitForNextTickAsync();
            measuring = clock.Elapsed >= s_warmUp;
            if (clock.Elapsed - lastTick > 2 * s_frameInterval)
            {
                lateTicks++;
            }

            lastTick = clock.Elapsed;
            for (var i = 0; i < started.Length; i++)
            {
                await started[i].WriteFrameAsync(new MediaFrame(1, s_frameInterval * frame, (frame + i) % 25 == 0, payload));
            }

            if (frame % 25 == 0)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            }
        }

        var cpu = process.TotalProcessorTime - cpuBefore;
        var wall = clock.Elapsed;
        measuring = false;
        var summaries = await Task.WhenAll(started.Select(s => s.CompleteAsync()));
        foreach (var session in started)
        {
            await session.DisposeAsync();
        }

        await Task.WhenAll(readers);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine($"sessions {sessions}, {seconds} s at 25 fps, {frameBytes} B frames ({sessions * 25 * frameBytes * 8 / 1e6:F0} Mbit/s in all)");
        Console.WriteLine($"frames {summaries.Sum(s => s.FramesWritten)}, fragments received {summaries.Sum(s => s.FragmentsReceived)}, dropped {summaries.Sum(s => s.FragmentsDropped)}, reconnects {summaries.Sum(s => s.Connections - 1)}");
        Console.WriteLine($"frame-written to RECEIVED (ms, {sorted.Length} fragments after warm-up): p50 {Percentile(0.50):F1}, p90 {Percentile(0.90):F1}, p99 {Percentile(0.99):F1}, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F1}");
        Console.WriteLine($"client working set: peak {peakWorkingSet / 1e6:F0} MB; GC heap peak {peakHeap / 1e6:F0} MB; CPU {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s ({cpu / wall:P0} of one core); ticks more than one interval late {lateTicks}");
    }
}
