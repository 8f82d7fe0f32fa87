using System.Diagnostics;
using System.Reflection;
using Amazon.Runtime;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Client.Benchmarks.Media.PutMedia;

/// <summary>
/// The emulator in a process of its own (this executable started with <c>--emulator</c>), so the CPU
/// time, allocations and working set the benchmark process measures are the client's alone.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri serviceUrl, Uri dataEndpoint)
    {
        _process = process;
        ServiceUrl = serviceUrl;
        DataEndpoint = dataEndpoint;
    }

    public Uri ServiceUrl { get; }

    public Uri DataEndpoint { get; }

    /// <summary>Client options for the emulator's default key pair; data calls go straight to its data endpoint.</summary>
    public KinesisVideoClientOptions ClientOptions() => new()
    {
        Region = KinesisVideoEmulatorOptions.DefaultRegion,
        ServiceUrl = ServiceUrl,
        DataEndpoint = DataEndpoint,
        Credentials = new BasicAWSCredentials(EmulatorCredentials.DefaultAccessKeyId, EmulatorCredentials.DefaultSecretAccessKey),
    };

    public static EmulatorProcess Start()
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { Assembly.GetEntryAssembly()!.Location, "--emulator" } }
            : new ProcessStartInfo(self) { ArgumentList = { "--emulator" } };
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The emulator process ended before it started.");
        var urls = line.Split(' ');
        return new EmulatorProcess(process, new Uri(urls[0]), new Uri(urls[1]));
    }

    /// <summary>The child's side: start, print the two URLs on one line, serve until standard input closes.</summary>
    public static async Task ServeAsync()
    {
        await using var emulator = await KinesisVideoEmulator.StartAsync();
        Console.WriteLine($"{emulator.ServiceUrl} {emulator.DataEndpoint}");
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
