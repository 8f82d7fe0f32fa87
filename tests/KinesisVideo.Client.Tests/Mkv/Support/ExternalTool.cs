using System.Diagnostics;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>Runs ffmpeg, ffprobe, mkvtoolnix (and our own programs) with a timeout; ignores the test when a tool is missing.</summary>
internal static class ExternalTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Ignores the calling test, with the reason, when <paramref name="tool"/> is not on PATH.</summary>
    public static void Require(string tool)
    {
        if (Find(tool) is null)
        {
            Assert.Ignore($"{tool} is not installed (install ffmpeg and mkvtoolnix to run the MKV oracle tests).");
        }
    }

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs the tool to completion, killing it after <paramref name="timeout"/>; in
    /// <paramref name="workingDirectory"/> when given, with <paramref name="environment"/> set over
    /// this process's (a null value removes the variable).
    /// </summary>
    public static Result Run(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Require(tool);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}.");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs the tool and fails the test unless it exits with 0.</summary>
    public static Result RunChecked(string tool, params string[] arguments)
    {
        var result = Run(tool, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"{tool} {string.Join(' ', arguments)} failed:\n{result.StandardError}\n{result.StandardOutput}");
        return result;
    }
}
