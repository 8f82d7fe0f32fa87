using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.PutMedia;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// What one frame costs a live session in its steady state: each operation writes one fragment (a
/// key frame and the frames after it) to a session uploading to the emulator (in a process of its
/// own), so the bytes allocated per operation divided by the frames per fragment, at two fragment
/// lengths, tell what a frame allocates from what a fragment does (its acknowledgement events, its
/// fragment number). Each operation first waits (without allocating) until the service has
/// RECEIVED all but the fragment still open, so the emulator's pace, not the buffer, bounds the run;
/// the times here are therefore round trips, and the allocations are the figure to read.
/// </summary>
[MemoryDiagnoser]
public class PutMediaWriteFrameBenchmarks
{
    private readonly byte[] _payload = new byte[1024];
    private EmulatorProcess _emulator = null!;
    private KinesisVideoClient _controlPlane = null!;
    private KinesisVideoMediaClient _media = null!;
    private PutMediaSession _session = null!;
    private Task _events = null!;
    private long _frame;

    /// <summary>Frames per fragment: 1 s and 10 s (the service's longest) at 25 fps.</summary>
    [Params(25, 250)]
    public int FramesPerFragment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _emulator = EmulatorProcess.Start();
        var options = _emulator.ClientOptions();
        _controlPlane = new KinesisVideoClient(options);
        _media = new KinesisVideoMediaClient(options);
        _controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = "frames", DataRetentionInHours = 1 }).GetAwaiter().GetResult();
        _session = _media.StartPutMediaAsync(new PutMediaSessionOptions
        {
            StreamName = "frames",
            Tracks = [UploadFrames.Track],
            Completion = PutMediaCompletion.Received,
            MaxBufferedBytes = 1L << 30,
            MaxBufferedDuration = TimeSpan.FromDays(1),
        }).GetAwaiter().GetResult();

        // A reader keeps up with the events, as an application would.
        _events = Task.Run(async () =>
        {
            await foreach (var _ in _session.ReadEventsAsync())
            {
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.CompleteAsync().GetAwaiter().GetResult();
        _session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _events.GetAwaiter().GetResult();
        _controlPlane.Dispose();
        _media.Dispose();
        _emulator.Dispose();
    }

    [Benchmark(Description = "WriteFrameAsync, one fragment per operation")]
    public async Task WriteFragment()
    {
        while (_session.Progress.FragmentsReceived < _session.Progress.FragmentsWritten - 1)
        {
            Thread.Sleep(1);
        }

        for (var i = 0; i < FramesPerFragment; i++)
        {
            await _session.WriteFrameAsync(new MediaFrame(1, TimeSpan.FromMilliseconds(40 * _frame++), i == 0, _payload));
        }
    }
}
