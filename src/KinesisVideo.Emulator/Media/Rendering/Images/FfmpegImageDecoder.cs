using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using KinesisVideo.Emulator.Media.Playback;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Emulator.Media.Rendering.Images;

/// <summary>
/// Decodes chosen frames of a fragment into JPEG or PNG with ffmpeg, run as a subprocess: H.264 and
/// H.265 need a real decoder, and no .NET library decodes them; the emulator never makes up an
/// image. ffmpeg reads the fragment as the MKV document GetMedia sends, selects the frames by their
/// index in presentation order, scales them and writes one file each into a temporary folder. Each
/// run is bounded: at most one per processor at a time, killed (with its children) on timeout or
/// when the request is cancelled.
/// </summary>
internal sealed class FfmpegImageDecoder(string executable, TimeSpan timeout)
{
    private static readonly SemaphoreSlim s_concurrency = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>The ffmpeg to run: <paramref name="configured"/> when set (null if it does not exist), else ffmpeg on the PATH, else null.</summary>
    public static string? Find(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The images of the frames at <paramref name="frameIndexes"/> (0-based, in presentation order,
    /// ascending, distinct) of the fragment's video; null when ffmpeg could not decode it.
    /// </summary>
    public async Task<Dictionary<int, byte[]>?> DecodeAsync(StoredFragment fragment, IReadOnlyList<int> frameIndexes, ImageFormat format, CancellationToken cancellationToken)
    {
        var document = new ArrayBufferWriter<byte>();
        FragmentDocumentWriter.WriteFragment(document, fragment, 0, fragment.FragmentNumber);
        var folder = Directory.CreateTempSubdirectory("kvs-emulator-images-");
        await s_concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var extension = format.Png ? "png" : "jpg";
            if (!await RunAsync(Arguments(frameIndexes, format, Path.Combine(folder.FullName, "%06d." + extension)), document.WrittenMemory, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            // ffmpeg numbers its outputs from 1, in the order the frames were selected.
            var images = new Dictionary<int, byte[]>();
            for (var i = 0; i < frameIndexes.Count; i++)
            {
                var file = Path.Combine(folder.FullName, (i + 1).ToString("000000", CultureInfo.InvariantCulture) + "." + extension);
                if (File.Exists(file))
                {
                    images[frameIndexes[i]] = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            return images;
        }
        finally
        {
            s_concurrency.Release();
            folder.Delete(recursive: true);
        }
    }

    private static List<string> Arguments(IReadOnlyList<int> frameIndexes, ImageFormat format, string output)
    {
        var select = string.Join('+', frameIndexes.Select(i => string.Create(CultureInfo.InvariantCulture, $"eq(n\\,{i})")));
        var filter = $"select='{select}'";
        if (format.Height > 0)
        {
            filter += string.Create(CultureInfo.InvariantCulture, $",scale={(format.Width > 0 ? format.Width : -2)}:{format.Height}");
        }

        List<string> arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "matroska", "-i", "pipe:0", "-map", "0:v:0", "-vf", filter, "-fps_mode", "passthrough"];
        arguments.AddRange(format.Png ? ["-c:v", "png"] : ["-c:v", "mjpeg", "-q:v", format.Quantizer.ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["-f", "image2", output]);
        return arguments;
    }

    private async Task<bool> RunAsync(List<string> arguments, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var errors = process.StandardError.ReadToEndAsync(bounded.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, bounded.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // ffmpeg stopped reading (it failed early); its exit code tells.
            }

            await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            await Task.WhenAll(output, errors).ConfigureAwait(false);
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return false; // the timeout: the images are MEDIA_ERROR
        }
    }
}
