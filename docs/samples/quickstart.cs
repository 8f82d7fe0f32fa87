// A file-based app (.NET 10): dotnet run docs/samples/quickstart.cs
// Starts the emulator, uploads the sample clip with PutMedia, reads it back with GetMedia.
#:project ../../src/KinesisVideo.Client/KinesisVideo.Client.csproj
#:project ../../src/KinesisVideo.Emulator/KinesisVideo.Emulator.csproj
#:property NoWarn=$(NoWarn);CA2007;CA1303;CA1849
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Media.PutMedia.Sources;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;

// A local Kinesis Video Streams; on AWS, set Region (and credentials) instead of ServiceUrl.
await using var kvs = await KinesisVideoEmulator.StartAsync();
var options = new KinesisVideoClientOptions
{
    Region = kvs.Region,
    ServiceUrl = kvs.ServiceUrl,
    Credentials = new BasicAWSCredentials(kvs.Credentials[0].AccessKeyId, kvs.Credentials[0].SecretAccessKey),
};
using var controlPlane = new KinesisVideoClient(options);
using var media = new KinesisVideoMediaClient(options);
await controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = "quickstart", DataRetentionInHours = 1 });

// Upload: the file's frames go out as fragments as they are read, and are acknowledged as they arrive.
// The SDK tells a file-based app where its file is (CallerFilePath would be /_/ in a deterministic CI build).
var sample = Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "Quickstart", "sample.mkv");
await using var source = await MediaFrameSource.OpenFileAsync(sample);
var uploaded = await media.PutMediaAsync(
    new PutMediaSessionOptions
    {
        StreamName = "quickstart",
        Progress = new ConsoleProgress(p => Console.Write($"\rsent {p.BytesSent / 1024} KB, {p.FragmentsPersisted} fragments persisted")),
    },
    source);
Console.WriteLine($"\nuploaded {uploaded.FramesWritten} frames in {uploaded.FragmentsWritten} fragments");

// Read back: parsed fragments, their frames slices of the response (valid until the next fragment).
var frames = 0;
var request = new GetMediaRequest { StreamName = "quickstart", StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST } };
await foreach (var fragment in media.ReadMediaAsync(request, new GetMediaReadOptions { Mode = GetMediaReadMode.Bounded }))
{
    frames += fragment.Frames.Count;
    Console.WriteLine($"fragment {fragment.FragmentNumber}: {fragment.Frames.Count} frames, produced {fragment.ProducerTimestamp:HH:mm:ss.fff}");
}

Console.WriteLine($"read back {frames} frames");
return frames == uploaded.FramesWritten ? 0 : 1;

// Reports as the session calls it (Progress<T> would post to the thread pool, out of order with the lines after it).
sealed class ConsoleProgress(Action<PutMediaProgress> report) : IProgress<PutMediaProgress>
{
    public void Report(PutMediaProgress value) => report(value);
}
