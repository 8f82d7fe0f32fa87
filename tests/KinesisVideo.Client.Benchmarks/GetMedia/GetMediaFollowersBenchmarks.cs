using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Emulator;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Benchmarks.GetMedia;

/// <summary>
/// 1,000 live followers (ReadMediaAsync from NOW, one shared client) of 50 streams (20 each) in one
/// process with the emulator. One invocation is one round: a fragment (30 frames, 1–4 KB, 33 KB) is
/// stored on each of the 50 streams, and the round ends when all 1,000 followers have received
/// theirs; rounds begin a second apart (each stream gets a fragment a second, 33 MB/s to the readers).
/// Latency is from the store's append (stamped just before it, the nearest this process gets to
/// the fragment's PERSISTED ack, which the emulator sends at the same append) to the follower's
/// MoveNextAsync returning the fragment. Percentiles, the process's working set (emulator and
/// readers together) before and with the followers, and the GetDataEndpoint calls the 1,000
/// readers made are printed at the end of the run.
/// </summary>
[Config(typeof(RoundsConfig))]
[MemoryDiagnoser]
public class GetMediaFollowersBenchmarks
{
    // Each stream gets a fragment a second (a 1 s fragment duration), as live producers send them.
    private static readonly TimeSpan s_pace = TimeSpan.FromSeconds(1);

    private const int Streams = 50;
    private const int FollowersPerStream = 20;
    private const int Followers = Streams * FollowersPerStream;

    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, long> _storedAt = new();
    private readonly ConcurrentQueue<double> _latencies = new();
    private readonly CountingLogger _log = new();
    private readonly CancellationTokenSource _stop = new();
    private EmulatorStreams _streams = null!;
    private KinesisVideoMediaClient _client = null!;
    private Task[] _followers = [];
    private TaskCompletionSource _round = new();
    private int _received;
    private int _seed;
    private int _rounds;
    private long _lastRound;
    private long _workingSetBefore;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    // Not measured: waits until a second after the previous round began.
    [IterationSetup]
    public void Pace()
    {
        var wait = s_pace - Stopwatch.GetElapsedTime(_lastRound);
        if (_rounds > 0 && wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }
    }

    [Benchmark(Description = "one fragment on each of 50 streams, to all 1,000 followers")]
    public void Round()
    {
        _lastRound = Stopwatch.GetTimestamp();
        _round = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rounds++;
        Volatile.Write(ref _received, 0);
        var at = DateTimeOffset.UtcNow;
        var sizes = Enumerable.Range(0, 30).Select(i => i == 0 ? 4096 : 1024).ToList();
        for (var s = 0; s < Streams; s++)
        {
            var fragment = _streams.Fragment(at, sizes, Interlocked.Increment(ref _seed));
            _storedAt[fragment.FragmentNumber] = Stopwatch.GetTimestamp();
            _streams.Media(StreamName(s)).Append(fragment);
        }

        _round.Task.WaitAsync(s_bound).GetAwaiter().GetResult();
    }

    private static string StreamName(int index) => $"follow-{index}";

    private async Task SetupAsync()
    {
        // Long idle: a caught-up response stays open between rounds, as on AWS while a producer streams.
        _streams = await EmulatorStreams.StartAsync(
            new MediaLimits { GetMediaIdleTimeout = TimeSpan.FromSeconds(60), MaxGetMediaConnections = FollowersPerStream },
            [.. Enumerable.Range(0, Streams).Select(StreamName)]);
        Collect();
        _workingSetBefore = Process.GetCurrentProcess().WorkingSet64;

        var options = _streams.ClientOptions();
        options.LoggerFactory = _log;
        _client = new KinesisVideoMediaClient(options);
        _followers = [.. Enumerable.Range(0, Followers).Select(i => FollowAsync(StreamName(i % Streams)))];
        using var connecting = new CancellationTokenSource(s_bound);
        while (_log.Connected < Followers)
        {
            await Task.Delay(50, connecting.Token);
        }
    }

    private async Task FollowAsync(string stream)
    {
        var request = new GetMediaRequest { StreamName = stream, StartSelector = new StartSelector { StartSelectorType = StartSelectorType.NOW } };
        try
        {
            await foreach (var fragment in _client.ReadMediaAsync(request, new GetMediaReadOptions { Mode = GetMediaReadMode.Follow }, _stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                // The first round's latencies include the JIT compiling the delivery path: left out.
                if (Volatile.Read(ref _rounds) > 1 && _storedAt.TryGetValue(fragment.FragmentNumber!, out var storedAt))
                {
                    _latencies.Enqueue(Stopwatch.GetElapsedTime(storedAt, now).TotalMilliseconds);
                }

                if (Interlocked.Increment(ref _received) == Followers)
                {
                    _round.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task CleanupAsync()
    {
        Collect();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var sorted = _latencies.Order().ToArray();
        double At(double percentile) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(percentile * sorted.Length))];
        Console.WriteLine($"// followers {Followers} over {Streams} streams; {_rounds} rounds, {sorted.Length} deliveries measured (the first round's left out)");
        Console.WriteLine($"// latency append -> follower, ms: p50 {At(0.50):0.0}, p90 {At(0.90):0.0}, p99 {At(0.99):0.0}, max {sorted.LastOrDefault():0.0}");
        Console.WriteLine($"// working set: {_workingSetBefore / 1048576.0:0} MB before the followers, {workingSet / 1048576.0:0} MB with them ({(workingSet - _workingSetBefore) / 1024.0 / Followers:0} KB per follower); managed heap {managed / 1048576.0:0} MB");
        Console.WriteLine($"// GetDataEndpoint calls: {_log.DataEndpointLookups}; connections opened: {_log.Connected}; resumes: {_log.Resumed}");
        await _stop.CancelAsync();
        await Task.WhenAll(_followers).WaitAsync(s_bound);
        _client.Dispose();
        await _streams.DisposeAsync();
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Rounds one at a time, in this process (the followers and the emulator live in it): 3 to warm up, 30 measured.</summary>
    private sealed class RoundsConfig : ManualConfig
    {
        public RoundsConfig() => AddJob(Job.Dry
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(3)
            .WithIterationCount(30)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>Counts the log events the run reports: GetDataEndpoint calls, connections, resumes.</summary>
    private sealed class CountingLogger : ILoggerFactory, ILogger
    {
        private int _connected;
        private int _lookups;
        private int _resumed;

        public int Connected => Volatile.Read(ref _connected);

        public int DataEndpointLookups => Volatile.Read(ref _lookups);

        public int Resumed => Volatile.Read(ref _resumed);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            switch (eventId.Id)
            {
                case 1 when formatter(state, exception).StartsWith("GetDataEndpoint", StringComparison.Ordinal):
                    Interlocked.Increment(ref _lookups);
                    break;
                case 200:
                    Interlocked.Increment(ref _connected);
                    break;
                case 201 or 202:
                    Interlocked.Increment(ref _resumed);
                    break;
            }
        }
    }
}
