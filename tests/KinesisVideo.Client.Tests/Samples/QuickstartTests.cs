using System.Reflection;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Samples;

/// <summary>
/// docs/samples/Quickstart, the README's first command, run as its own process (as a user runs it)
/// on the emulator it starts in that process: the whole job, and each error path ending in one
/// line and a non-zero exit code. Nothing here reaches AWS: the --region test has no credentials.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class QuickstartTests
{
    // The sample clip: 250 H.264 frames (25 fps, key frames every 2 s) and 470 AAC frames.
    private const int SampleVideoFrames = 250;
    private const int SampleAudioFrames = 470;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private static string Quickstart => Metadata("Quickstart");

    private static string Sample => Path.Combine(Path.GetDirectoryName(Quickstart)!, "sample.mkv");

    [Test]
    public void With_no_options_it_uploads_the_clip_reads_it_back_and_writes_an_mkv_that_ffprobe_reads_whole()
    {
        ExternalTool.Require("ffprobe");
        using var work = new WorkFolder();
        var output = Path.Combine(work.Path, "back.mkv");

        var run = Run(work.Path, "--output", output);

        Assert.That(run.ExitCode, Is.Zero, Describe(run));
        Assert.Multiple(() =>
        {
            Assert.That(run.StandardOutput, Does.Contain("created stream quickstart-"));
            Assert.That(Lines(run.StandardOutput, "PERSISTED"), Has.Count.EqualTo(5), "one PERSISTED acknowledgement per fragment of the clip");
            Assert.That(run.StandardOutput, Does.Contain("5/5 fragments persisted"), "progress with each PERSISTED");
            Assert.That(run.StandardOutput, Does.Contain($"uploaded {SampleVideoFrames + SampleAudioFrames} frames in 5 fragments"));
            Assert.That(run.StandardOutput, Does.Match(@"ffplay ""http://127\.0\.0\.1:\d+/hls/v1/getHLSMasterPlaylist\.m3u8\?SessionToken="));
            Assert.That(run.StandardOutput, Does.Match(@"done in [\d.]+ s: 5 fragments, 720 frames, \d+ KB up, 5 fragments read back"));
            Assert.That(run.StandardError, Is.Empty);
        });
        Assert.That(CountFrames(output), Is.EqualTo((SampleVideoFrames, SampleAudioFrames)), "what GetMedia returned, as ffprobe decodes it");
    }

    [Test]
    public void It_uploads_raw_annex_b_h264_given_with_file()
    {
        ExternalTool.Require("ffmpeg");
        using var work = new WorkFolder();
        var h264 = Path.Combine(work.Path, "clip.h264");
        ExternalTool.RunChecked("ffmpeg", "-v", "error", "-i", Sample, "-map", "0:v", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264);
        var output = Path.Combine(work.Path, "back.mkv");

        var run = Run(work.Path, "--file", h264, "--output", output);

        Assert.That(run.ExitCode, Is.Zero, Describe(run));
        Assert.That(run.StandardOutput, Does.Contain($"uploaded {SampleVideoFrames} frames in 5 fragments"));
        Assert.That(CountFrames(output), Is.EqualTo((SampleVideoFrames, 0)));
    }

    [Test]
    public void A_missing_file_is_one_line_and_exit_code_1()
    {
        using var work = new WorkFolder();

        var run = Run(work.Path, "--file", Path.Combine(work.Path, "nothing-here.mkv"));

        AssertOneLineError(run, 1, "no such file: ", "nothing-here.mkv");
    }

    [Test]
    public void A_file_that_is_not_video_is_one_line_and_exit_code_1()
    {
        using var work = new WorkFolder();
        var notes = Path.Combine(work.Path, "notes.mkv");
        File.WriteAllText(notes, "these are not the frames you are looking for");

        var run = Run(work.Path, "--file", notes);

        AssertOneLineError(run, 1, "neither Matroska/WebM", "(--file takes an MKV/WebM file or raw H.264)");
        Assert.That(run.StandardOutput, Does.Not.Contain("created stream"), "the file is checked before anything is made on the service");
    }

    [Test]
    public void A_stream_that_does_not_exist_is_one_line_and_exit_code_1()
    {
        using var work = new WorkFolder();

        var run = Run(work.Path, "--stream", "nobody-made-this");

        AssertOneLineError(run, 1, "nobody-made-this", "leave out --stream to create one");
    }

    [Test]
    public void Region_without_credentials_is_one_line_and_exit_code_1_before_anything_is_sent()
    {
        using var work = new WorkFolder();

        // No credentials anywhere the default chain looks: no environment keys, no profile files
        // (HOME is an empty folder), no instance metadata.
        var run = Run(work.Path, ["--region", "us-west-2"], environment: new Dictionary<string, string?>
        {
            ["HOME"] = work.Path,
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_PROFILE"] = null,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work.Path, "no-credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(work.Path, "no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        });

        AssertOneLineError(run, 1, "no AWS credentials found for --region");
    }

    [Test]
    public void An_unknown_option_is_one_line_and_exit_code_2()
    {
        using var work = new WorkFolder();

        var run = Run(work.Path, "--colour", "blue");

        AssertOneLineError(run, 2, "unknown option --colour (see --help)");
    }

    private static void AssertOneLineError(ExternalTool.Result run, int exitCode, params string[] expected)
    {
        Assert.That(run.ExitCode, Is.EqualTo(exitCode), Describe(run));
        var error = run.StandardError.TrimEnd();
        Assert.Multiple(() =>
        {
            Assert.That(error, Does.StartWith("quickstart: "));
            Assert.That(error, Does.Not.Contain('\n'), "one line, no stack trace");
            foreach (var part in expected)
            {
                Assert.That(error, Does.Contain(part));
            }

            Assert.That(run.StandardOutput, Does.Not.Contain("   at "), "no stack trace on the standard output either");
        });
    }

    private static string Describe(ExternalTool.Result run) => $"exit code {run.ExitCode}\n--- stdout\n{run.StandardOutput}\n--- stderr\n{run.StandardError}";

    private static (int Video, int Audio) CountFrames(string path)
    {
        var probe = ExternalTool.RunChecked("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_type,nb_read_frames", "-of", "csv=p=0", path);
        var counts = probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        return (counts.GetValueOrDefault("video"), counts.GetValueOrDefault("audio"));
    }

    private static List<string> Lines(string text, string containing) =>
        [.. text.Split('\n').Where(line => line.Contains(containing, StringComparison.Ordinal))];

    private static ExternalTool.Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, arguments, environment: null);

    // The built quickstart, run by the dotnet host that runs these tests.
    private static ExternalTool.Result Run(string workingDirectory, string[] arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        Assert.That(File.Exists(Quickstart), Is.True, $"the quickstart is built with the tests: {Quickstart}");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ExternalTool.Find("dotnet") ?? "dotnet";
        return ExternalTool.Run(dotnet, [Quickstart, .. arguments], s_timeout, workingDirectory, environment);
    }

    private static string Metadata(string key) =>
        typeof(QuickstartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private sealed class WorkFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kvs-quickstart-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
