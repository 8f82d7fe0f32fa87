using System.Buffers;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>Finds the committed samples and builds multi-segment sequences.</summary>
internal static class TestInputs
{
    private static readonly Lazy<string> s_samples = new(() =>
    {
        // Samples are read from the source tree, so the test project needs no copy rules.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "KinesisVideo.Client.Tests", "Mkv", "Samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/KinesisVideo.Client.Tests/Mkv/Samples was not found above " + AppContext.BaseDirectory);
    });

    public static string Sample(string name) => Path.Combine(s_samples.Value, name);

    public static byte[] ReadSample(string name) => File.ReadAllBytes(Sample(name));

    /// <summary>The bytes as two segments split at <paramref name="at"/>.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, int at) => Segmented(data, [at]);

    /// <summary>The bytes as segments of <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] data, int size)
    {
        var cuts = new List<int>();
        for (var i = size; i < data.Length; i += size)
        {
            cuts.Add(i);
        }

        return Segmented(data, cuts);
    }

    /// <summary>The bytes as segments split at <paramref name="cuts"/> (ascending offsets inside the data).</summary>
    internal static ReadOnlySequence<byte> Segmented(byte[] data, List<int> cuts)
    {
        if (cuts.Count == 0 || data.Length == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, cuts[0]), 0);
        var last = first;
        for (var i = 0; i < cuts.Count; i++)
        {
            var end = i + 1 < cuts.Count ? cuts[i + 1] : data.Length;
            last = last.Append(data.AsMemory(cuts[i], end - cuts[i]));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
