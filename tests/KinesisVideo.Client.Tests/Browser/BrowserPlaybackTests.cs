using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.Playback.Support;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.Browser;

/// <summary>
/// A real browser plays the emulator's live stream: headless Chromium (the Debian package) opens
/// docs/samples/player.html, which plays the session URL with hls.js or dash.js (from npm, installed
/// by .ci/run into tests/players/node_modules), while fragments keep arriving once a second. The
/// page's state is reported back to the test's own little web server every 250 ms. Skipped, with
/// the reason, when Chromium or the players are not installed.
/// </summary>
[NonParallelizable]
public class BrowserPlaybackTests : PlaybackTest
{
    private static readonly TimeSpan s_playFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private protected override void Configure(KinesisVideoEmulatorOptions options) => options.TimeProvider = TimeProvider.System;

    // HLS with discontinuity marks only where the timeline breaks. The default (ALWAYS, as on AWS)
    // puts every fragment in a discontinuity sequence of its own, and hls.js then sometimes stalls
    // before its first frame: when the audio playlist arrives before the video one, audio starts at
    // another fragment than video and waits for a timestamp offset that never comes (seen here in
    // about one run in five: video init and one fragment loaded, audio nothing).
    [TestCase("/getHLSStreamingSessionURL", "hls.js/dist/hls.min.js", "\"Expires\":600,\"DiscontinuityMode\":\"ON_DISCONTINUITY\"")]
    [TestCase("/getDASHStreamingSessionURL", "dashjs/dist/modern/umd/dash.all.min.js", "\"Expires\":600")]
    public async Task Chromium_plays_the_live_stream_for_5_seconds_without_a_media_error(string operation, string player, string session)
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }.Select(ExternalTool.Find).FirstOrDefault(p => p is not null);
        if (chromium is null)
        {
            Assert.Ignore("Chromium is not installed (apt-get install chromium; .ci/run installs it).");
        }

        // Outside the test project, so MSBuild never globs through node_modules.
        var modules = Path.Combine(Path.GetDirectoryName(TestInputs.Sample("h264.mkv"))!, "..", "..", "..", "players", "node_modules");
        if (!File.Exists(Path.Combine(modules, player)))
        {
            Assert.Ignore($"{player} is not installed (npm ci --prefix tests/players; .ci/run does it).");
        }

        // A live producer: fragments up to now, then each as it ends (a second long), while the browser plays.
        var fragmentLength = TimeSpan.FromMilliseconds(Sample.LoopLength / Sample.FragmentsPerLoop);
        var next = DateTimeOffset.UtcNow - (4 * fragmentLength);
        var sequence = Sample.Fragments(Kvs, next, 600);
        var media = MediaSeeding.MediaOf(Kvs, Stream);
        var stored = 0;
        for (; stored < 3; stored++)
        {
            media.Append(sequence[stored]);
        }

        var url = await SessionUrlAsync(operation, session);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && stored < sequence.Count)
            {
                var due = sequence[stored].ProducerTimestamp + fragmentLength;
                var wait = due - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop.Token).ConfigureAwait(false);
                }

                media.Append(sequence[stored++] with { ServerTimestamp = DateTimeOffset.UtcNow });
            }
        });

        await using var page = await PlayerPage.StartAsync(modules);
        using var browser = Chromium.Start(chromium!, $"{page.Url}player.html?src={Uri.EscapeDataString(url)}");
        try
        {
            PlayerState first, last;
            try
            {
                (first, last) = await page.WaitForPlaybackAsync(s_playFor, s_deadline);
            }
            catch (TimeoutException e)
            {
                Assert.Fail($"{e.Message}; chromium said: {browser.Output}");
                return;
            }

            Assert.That(last.Error, Is.Null, $"the page reported an error; chromium said: {browser.Output}");
            Assert.That(last.CurrentTime - first.CurrentTime, Is.GreaterThanOrEqualTo(s_playFor.TotalSeconds - 0.5), $"currentTime went from {first.CurrentTime} to {last.CurrentTime}; chromium said: {browser.Output}");
        }
        finally
        {
            await stop.CancelAsync();
            await producer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One report of the page: the video's currentTime and the first fatal error, if any.</summary>
    internal sealed record PlayerState(double CurrentTime, int ReadyState, string? Error, DateTimeOffset At);

    /// <summary>The test's web server: the sample page (its CDN scripts served from node_modules) and the reports it posts.</summary>
    private sealed class PlayerPage : IAsyncDisposable
    {
        private const string Reporter = """
            <script>
              setInterval(() => {
                const v = document.getElementById('video');
                fetch('/report', { method: 'POST', body: JSON.stringify({ currentTime: v.currentTime, readyState: v.readyState, error: window.playerError }) });
              }, 250);
            </script>
            """;

        private readonly WebApplication _app;
        private readonly ConcurrentQueue<PlayerState> _reports = new();

        private PlayerPage(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public static async Task<PlayerPage> StartAsync(string modules)
        {
            var html = await File.ReadAllTextAsync(Path.Combine(SampleFolder(), "player.html"));
            var hlsCdn = "https://cdn.jsdelivr.net/npm/hls.js@1.7.4/dist/hls.min.js";
            var dashCdn = "https://cdn.jsdelivr.net/npm/dashjs@5.2.1/dist/modern/umd/dash.all.min.js";
            Assert.That(html, Does.Contain(hlsCdn).And.Contain(dashCdn), "the sample page loads the players from the CDN versions package.json pins");
            html = html.Replace(hlsCdn, "/hls.min.js", StringComparison.Ordinal).Replace(dashCdn, "/dash.all.min.js", StringComparison.Ordinal)
                .Replace("</body>", Reporter + "</body>", StringComparison.Ordinal);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var page = new PlayerPage(app);
            app.MapGet("/player.html", () => Results.Content(html, "text/html"));
            app.MapGet("/hls.min.js", () => Results.File(Path.Combine(modules, "hls.js/dist/hls.min.js"), "text/javascript"));
            app.MapGet("/dash.all.min.js", () => Results.File(Path.Combine(modules, "dashjs/dist/modern/umd/dash.all.min.js"), "text/javascript"));
            app.MapPost("/report", async (HttpRequest request) =>
            {
                using var json = await JsonDocument.ParseAsync(request.Body);
                var error = json.RootElement.GetProperty("error");
                page._reports.Enqueue(new PlayerState(json.RootElement.GetProperty("currentTime").GetDouble(), json.RootElement.GetProperty("readyState").GetInt32(), error.ValueKind == JsonValueKind.String ? error.GetString() : null, DateTimeOffset.UtcNow));
                return Results.NoContent();
            });
            await app.StartAsync();
            page.Url = new Uri(app.Urls.Single().TrimEnd('/') + "/");
            return page;
        }

        /// <summary>The first report after playback started and the one <paramref name="playFor"/> later (or the first with an error).</summary>
        public async Task<(PlayerState First, PlayerState Last)> WaitForPlaybackAsync(TimeSpan playFor, TimeSpan deadline)
        {
            var until = DateTimeOffset.UtcNow + deadline;
            PlayerState? first = null;
            PlayerState? last = null;
            while (DateTimeOffset.UtcNow < until)
            {
                while (_reports.TryDequeue(out var report))
                {
                    last = report;
                    if (report.Error is not null)
                    {
                        return (first ?? report, report);
                    }

                    first ??= report.CurrentTime > 0 ? report : null;
                    if (first is not null && report.At - first.At >= playFor)
                    {
                        return (first, report);
                    }
                }

                await Task.Delay(100);
            }

            throw new TimeoutException(last is null ? "the page never reported (did Chromium start?)" : $"playback did not last {playFor} within {deadline}: last currentTime {last.CurrentTime}, readyState {last.ReadyState}");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private static string SampleFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "docs", "samples");
                if (File.Exists(Path.Combine(candidate, "player.html")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("docs/samples/player.html was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Headless Chromium on a fresh profile, stopped (with its child processes) when disposed.</summary>
    private sealed class Chromium : IDisposable
    {
        private readonly Process _process;
        private readonly string _profile;
        private readonly ConcurrentQueue<string> _output = new();

        private Chromium(Process process, string profile)
        {
            _process = process;
            _profile = profile;
        }

        /// <summary>The last lines Chromium printed, for failure messages.</summary>
        public string Output => string.Join("\n", _output.TakeLast(40));

        public static Chromium Start(string executable, string url)
        {
            var profile = Directory.CreateTempSubdirectory("kvs-chromium-").FullName;
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--mute-audio", "--autoplay-policy=no-user-gesture-required", "--enable-logging=stderr",
                $"--user-data-dir={profile}", "--remote-debugging-port=0", url,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var chromium = new Chromium(process, profile);
            process.OutputDataReceived += (_, e) => chromium.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => chromium.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return chromium;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // A child process may still hold a file for a moment; the temp folder is cleaned later.
            }
        }

        private void Keep(string? line)
        {
            if (line is not null && !line.Contains("dbus", StringComparison.OrdinalIgnoreCase))
            {
                _output.Enqueue(line);
                while (_output.Count > 200 && _output.TryDequeue(out _))
                {
                }
            }
        }
    }
}
