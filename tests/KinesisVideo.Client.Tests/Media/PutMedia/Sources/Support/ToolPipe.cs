using System.Diagnostics;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;

/// <summary>
/// A tool (ffmpeg) writing to its standard output, read as the live, never seekable pipe a camera
/// feed arrives on. Disposing waits for the tool (bounded) and fails the test if it failed.
/// </summary>
internal sealed class ToolPipe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _errors;

    private ToolPipe(Process process)
    {
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The tool's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    public static ToolPipe Start(string tool, params string[] arguments)
    {
        ExternalTool.Require(tool);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ToolPipe(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}."));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(ExternalTool.DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"{_process.StartInfo.FileName} did not finish within {ExternalTool.DefaultTimeout}.");
        }

        var errors = await _errors;
        Assert.That(_process.ExitCode, Is.Zero, errors);
        _process.Dispose();
    }
}
