using System.Net;
using System.Text.Json;
using KinesisVideo.Client.Tests.Emulator.ArchivedMedia;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Emulator.Playback.Support;

/// <summary>
/// A test that creates HLS or DASH sessions over real H.264 and AAC fragments and reads them as a
/// player does (plain GETs) or hands the session URL to ffprobe and ffmpeg.
/// </summary>
public abstract class PlaybackTest : ArchivedMediaTest
{
    private readonly HttpClient _http = new();

    private protected PlayableFragments Sample { get; } = PlayableFragments.FromSample("h264_aac.mkv");

    [OneTimeTearDown]
    public void DisposeHttp() => _http.Dispose();

    /// <summary>A session URL of <paramref name="operation"/> (/getHLSStreamingSessionURL or /getDASHStreamingSessionURL) for <paramref name="body"/>'s members.</summary>
    private protected async Task<string> SessionUrlAsync(string operation, string members = "")
    {
        var member = operation.Contains("HLS", StringComparison.Ordinal) ? "HLSStreamingSessionURL" : "DASHStreamingSessionURL";
        var extra = members.Length > 0 ? "," + members : "";
        return (await Data.PostAsync(operation, $"{{\"StreamName\":\"{Stream}\"{extra}}}")).Ok().String(member);
    }

    /// <summary>An ON_DEMAND selector over [start, end] in server or producer time.</summary>
    private protected static string OnDemand(string selectorMember, DateTimeOffset start, DateTimeOffset end, string selectorType = "SERVER_TIMESTAMP", string mode = "ON_DEMAND") =>
        $$$"""
        "PlaybackMode":"{{{mode}}}","{{{selectorMember}}}":{"FragmentSelectorType":"{{{selectorType}}}","TimestampRange":{"StartTimestamp":{{{Epoch(start)}}},"EndTimestamp":{{{Epoch(end)}}}}}
        """;

    private protected async Task<byte[]> GetBytesAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(new Uri(url)).WaitAsync(TimeSpan.FromSeconds(30));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), () => System.Text.Encoding.UTF8.GetString(bytes));
        return bytes;
    }

    private protected async Task<string> GetTextAsync(string url) => System.Text.Encoding.UTF8.GetString(await GetBytesAsync(url));

    /// <summary>The URL of a resource a playlist names relative to <paramref name="playlistUrl"/>.</summary>
    private protected static string Resolve(string playlistUrl, string relative) => new Uri(new Uri(playlistUrl), relative).ToString();

    /// <summary>The URI lines of an HLS playlist (every line that is not a tag).</summary>
    private protected static List<string> UriLines(string playlist) =>
        [.. playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'))];

    /// <summary>ffprobe's packets of <paramref name="url"/> per stream: codec name and packets (pts in ms, key flag, size).</summary>
    private protected static (Dictionary<int, string> Codecs, List<(int Stream, double Time, bool Key, int Size)> Packets) Probe(string url, params string[] inputOptions)
    {
        var result = ExternalTool.RunChecked("ffprobe", [.. inputOptions, "-v", "error", "-of", "json", "-show_streams", "-show_packets", "-show_entries", "stream=index,codec_name:packet=stream_index,pts_time,flags,size", url]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var codecs = json.RootElement.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("index").GetInt32(), s => s.GetProperty("codec_name").GetString()!);
        var packets = json.RootElement.GetProperty("packets").EnumerateArray().Select(p => (
            p.GetProperty("stream_index").GetInt32(),
            double.Parse(p.GetProperty("pts_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            p.GetProperty("flags").GetString()!.StartsWith('K'),
            int.Parse(p.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return (codecs, packets);
    }

    /// <summary>A temporary file path, deleted at the end of the test.</summary>
    private protected string TempFile(string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kvs-playback-{Guid.NewGuid():N}{extension}");
        _tempFiles.Add(path);
        return path;
    }

    private readonly List<string> _tempFiles = [];

    [TearDown]
    public void DeleteTempFiles()
    {
        foreach (var path in _tempFiles)
        {
            File.Delete(path);
        }

        _tempFiles.Clear();
    }
}
