using System.Diagnostics;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Samples.Quickstart;

// The quickstart: create a stream, upload a video with PutMedia (showing each acknowledgement),
// read it back with GetMedia into an MKV file, and print an HLS URL to play it.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

QuickstartArguments arguments;
try
{
    arguments = QuickstartArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"quickstart: {e.Message}");
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(QuickstartArguments.Usage);
    return 0;
}

try
{
    if (!File.Exists(arguments.File))
    {
        throw new QuickstartException($"no such file: {arguments.File} (--file takes an MKV/WebM file or raw H.264)");
    }

    await RunAsync(arguments, stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine();
    Console.WriteLine("stopped.");
    return 130;
}
catch (Exception e) when (e is QuickstartException or ArgumentException or FormatException or KinesisVideoException or HttpRequestException or TimeoutException
    or IOException or UnauthorizedAccessException or Amazon.Runtime.AmazonClientException)
{
    Console.Error.WriteLine($"quickstart: {Explain(e)}");
    return 1;
}

static async Task RunAsync(QuickstartArguments arguments, CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    await using var target = arguments.Region is { } region ? await Target.AwsAsync(region) : await Target.EmulatorAsync(cancellationToken);
    using var controlPlane = new KinesisVideoClient(target.Options);
    using var media = new KinesisVideoMediaClient(target.Options);
    using var archivedMedia = new KinesisVideoArchivedMediaClient(target.Options);
    Console.WriteLine($"Kinesis Video Streams on {target.Description}");

    // The file first: one that is not video fails here, before anything is made on the service.
    await using var source = await MediaFrameSource.OpenFileAsync(arguments.File, new MediaFrameSourceOptions { AnnexB = new AnnexBFrameSourceOptions { FrameRate = FrameRate.Parse("25") } }, cancellationToken);
    var tracks = await source.ReadTracksAsync(cancellationToken);

    // 1. The stream: the one named, which must exist, or a new one that keeps data for a day.
    var stream = arguments.Stream ?? $"quickstart-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
    if (arguments.Stream is null)
    {
        await controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = stream, DataRetentionInHours = 24 }, cancellationToken);
        Console.WriteLine($"created stream {stream}");
    }
    else
    {
        var described = await controlPlane.DescribeStreamAsync(new DescribeStreamRequest { StreamName = stream }, cancellationToken);
        Console.WriteLine($"using stream {stream} ({described.StreamInfo!.Status})");
    }

    // 2. Upload with PutMedia, frame by frame, printing each acknowledgement as it comes.
    Console.WriteLine($"uploading {Path.GetFileName(arguments.File)}: {string.Join(", ", tracks.Select(Describe))}");
    await using var session = await media.StartPutMediaAsync(new PutMediaSessionOptions { StreamName = stream, Tracks = [.. tracks] }, cancellationToken);
    var printing = PrintEventsAsync(session);
    var latest = TimeSpan.Zero;
    await foreach (var frame in source.ReadFramesAsync(cancellationToken))
    {
        await session.WriteFrameAsync(frame, cancellationToken);
        latest = frame.Timestamp > latest ? frame.Timestamp : latest;
    }

    var uploaded = await session.CompleteAsync(cancellationToken);
    await printing;
    Console.WriteLine($"uploaded {uploaded.FramesWritten} frames in {uploaded.FragmentsWritten} fragments, {uploaded.BytesSent / 1024.0:F0} KB; {uploaded.FragmentsPersisted} persisted");

    // 3. Read it back with GetMedia, parsed, into one playable MKV file.
    Console.WriteLine($"reading it back with GetMedia into {arguments.Output}");
    var fragments = 0;
    await using (var file = File.Create(arguments.Output))
    await using (var output = new MkvFileWriter(file))
    {
        var request = new GetMediaRequest
        {
            StreamName = stream,
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.PRODUCER_TIMESTAMP, StartTimestamp = session.TimestampOrigin },
        };
        await foreach (var fragment in media.ReadMediaAsync(request, new GetMediaReadOptions { Mode = GetMediaReadMode.Bounded }, cancellationToken))
        {
            await output.WriteAsync(fragment, cancellationToken);
            Console.WriteLine($"  fragment {fragment.FragmentNumber}: {fragment.Frames.Count} frames at {fragment.ProducerTimestamp:HH:mm:ss.fff}");
            if (++fragments == uploaded.FragmentsWritten)
            {
                break;
            }
        }

        await output.CompleteAsync(cancellationToken);
        Console.WriteLine($"wrote {output.FramesWritten} frames ({output.BytesWritten / 1024.0:F0} KB) to {Path.GetFullPath(arguments.Output)}");
    }

    // 4. An HLS URL for the upload: paste it into ffplay, VLC or Safari.
    var hls = await archivedMedia.GetHLSStreamingSessionURLAsync(
        new GetHLSStreamingSessionURLRequest
        {
            StreamName = stream,
            PlaybackMode = HLSPlaybackMode.ON_DEMAND,
            HLSFragmentSelector = new HLSFragmentSelector
            {
                FragmentSelectorType = HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                TimestampRange = new HLSTimestampRange { StartTimestamp = session.TimestampOrigin, EndTimestamp = session.TimestampOrigin + latest + TimeSpan.FromSeconds(1) },
            },
        },
        cancellationToken);
    Console.WriteLine("play it over HLS:");
    Console.WriteLine($"  ffplay \"{hls.HLSStreamingSessionURL}\"");
    Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s: {uploaded.FragmentsWritten} fragments, {uploaded.FramesWritten} frames, {uploaded.BytesSent / 1024.0:F0} KB up, {fragments} fragments read back");
    if (target.IsEmulator && arguments.Serve)
    {
        Console.WriteLine("the emulator keeps serving; press Ctrl+C to stop it");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("stopped.");
        }
    }
    else if (target.IsEmulator)
    {
        Console.WriteLine("(the emulator stops with this program: --serve keeps it up to play the URL; --region <name> runs on AWS)");
    }
}

static async Task PrintEventsAsync(PutMediaSession session)
{
    await foreach (var e in session.ReadEventsAsync())
    {
        var line = e switch
        {
            PutMediaAcknowledgement { EventType.Value: "IDLE" } => null,
            PutMediaAcknowledgement ack when ack.Error is { } error => $"  ERROR {error.ErrorId}: {error.Message}",
            PutMediaAcknowledgement ack when ack.EventType == PutMediaAckEventType.PERSISTED => $"  {ack.EventType,-9} fragment {ack.FragmentTimecode} = {ack.FragmentNumber}{Latency(ack)}  [{Progress(session.Progress)}]",
            PutMediaAcknowledgement ack => $"  {ack.EventType,-9} fragment {ack.FragmentTimecode}{Latency(ack)}",
            PutMediaConnectionEvent { Connected: true } connection => $"  connection {connection.Connection} open",
            PutMediaConnectionEvent connection => $"  connection {connection.Connection} ended: {connection.Reason}",
            PutMediaFragmentDropped dropped => $"  fragment {dropped.FragmentTimecode} dropped: {dropped.Reason}",
            _ => null,
        };
        if (line is not null)
        {
            Console.WriteLine(line);
        }
    }
}

static string Latency(PutMediaAcknowledgement ack) => ack.Latency is { } latency ? $" ({latency.TotalMilliseconds:F0} ms)" : string.Empty;

static string Progress(PutMediaProgress progress) =>
    $"{progress.FragmentsPersisted}/{progress.FragmentsWritten} fragments persisted, {progress.FramesWritten} frames, {progress.BytesSent / 1024.0:F0} KB sent";

static string Describe(MediaTrack track) => track.Kind == MkvTrackType.Video
    ? $"{CodecName(track.CodecId)} {track.Width}x{track.Height}"
    : $"{CodecName(track.CodecId)} {track.SampleRate:F0} Hz";

static string CodecName(string codecId) => codecId switch
{
    MkvTrackEntry.H264CodecId => "H.264",
    MkvTrackEntry.H265CodecId => "H.265",
    MkvTrackEntry.AacCodecId => "AAC",
    _ => codecId,
};

// One line: what failed, and what to do about it.
static string Explain(Exception e) => e switch
{
    ResourceNotFoundException => $"{e.Message} (check --stream and --region, or leave out --stream to create one)",
    NotAuthorizedException or AccessDeniedException => $"{e.Message} (the credentials need kinesisvideo:* on the stream)",
    KinesisVideoException { ErrorCode: "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" } => $"{e.Message} (check your AWS credentials)",
    HttpRequestException or TimeoutException => $"{e.Message} (is the network up, and the region right?)",
    Amazon.Runtime.AmazonClientException => $"{e.Message} (check your AWS credentials)",
    IOException or UnauthorizedAccessException => $"{e.Message} (check --file and --output)",
    MkvFormatException or FormatException => $"{e.Message} (--file takes an MKV/WebM file or raw H.264)",
    _ => e.Message,
};
