using System.Buffers;
using BenchmarkDotNet.Attributes;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Benchmarks.Mkv;

/// <summary>
/// The reader on the real GetMedia recordings (../shared/kvs-oracle/getmedia-fixtures, the
/// complete ones) concatenated: small frames, one EBML document per fragment.
/// </summary>
[MemoryDiagnoser]
public class MkvGetMediaRecordingBenchmarks
{
    private static readonly string[] s_complete =
    [
        "kinesis_video_renderer_example_output.mkv",
        "output_get_media.mkv",
        "output_get_media_sparse_fragments.mkv",
        "test_mixed_tags.mkv",
        "empty-mkv-with-tags.mkv",
        "test_tags_empty_cluster.mkv",
    ];

    private byte[] _payload = [];
    private MkvStreamReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = LoadRecordings();
        _reader = new MkvStreamReader();
        Console.WriteLine($"// recordings {_payload.Length} bytes, {ReadRecordings()} frames");
    }

    [Benchmark(Description = "reader, GetMedia recordings in memory")]
    public int ReadRecordings()
    {
        _reader.Reset();
        var input = new ReadOnlySequence<byte>(_payload);
        var frames = 0;
        while (_reader.TryRead(input, out var item, out var consumed, out _))
        {
            frames += item.Kind == MkvEventKind.Frame ? 1 : 0;
            input = input.Slice(consumed);
        }

        return frames;
    }

    [Benchmark(Description = "fragment reader (copies frames), GetMedia recordings")]
    public int ReadRecordingFragments() => KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(_payload)).Sum(f => f.Frames.Count);

    /// <summary>The complete recordings, concatenated.</summary>
    internal static byte[] LoadRecordings()
    {
        var directory = FindFixtures() ?? throw new InvalidOperationException("../shared/kvs-oracle/getmedia-fixtures is not present (set KVS_SHARED_DIR).");
        return [.. s_complete.SelectMany(name => File.ReadAllBytes(Path.Combine(directory, name)))];
    }

    private static string? FindFixtures()
    {
        if (Environment.GetEnvironmentVariable("KVS_SHARED_DIR") is { Length: > 0 } shared)
        {
            return Path.Combine(shared, "kvs-oracle", "getmedia-fixtures");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kvs-oracle", "getmedia-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
