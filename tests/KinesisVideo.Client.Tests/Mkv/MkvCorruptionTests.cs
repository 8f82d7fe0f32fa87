using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// Seeded random corruption and truncation: the readers throw only MkvFormatException (or
/// report "need more data" at a truncated end), always finish, and allocate within the caps.
/// </summary>
public class MkvCorruptionTests
{
    private const int Iterations = 400;

    // Small caps, so a corrupted size that passes them still bounds what can be buffered.
    private static readonly MkvReaderOptions s_options = new()
    {
        MaxFrameSize = 256 * 1024,
        MaxFragmentSize = 1024 * 1024,
        MaxMetadataElementSize = 64 * 1024,
    };

    private static IEnumerable<TestCaseData> Seeds()
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            yield return new TestCaseData("h264_aac.mkv", seed);
            yield return new TestCaseData("blockgroups.mkv", seed);
            yield return new TestCaseData("writer", seed);
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public void Corrupted_and_truncated_inputs_give_only_format_errors(string source, int seed)
    {
        var original = source == "writer" ? SmallStreams.TwoDocuments() : TestInputs.ReadSample(source);
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();

        // A hang would show as this not finishing; run it on a worker and wait with a generous bound.
        var work = Task.Run(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                var mutated = Mutate(original, random);
                var before = GC.GetAllocatedBytesForCurrentThread();
                var outcome = Read(mutated);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

                // Frames are copied into fragments, so allow the input's size a few times plus the caps.
                Assert.That(allocated, Is.LessThan((8L * mutated.Length) + (4 * s_options.MaxFragmentSize)), $"iteration {i}");
            }
        });

        Assert.That(work.Wait(TimeSpan.FromMinutes(3)), Is.True, "the readers did not finish");
        work.GetAwaiter().GetResult();
        Assert.That(outcomes.GetValueOrDefault("format error"), Is.Positive, string.Join(", ", outcomes));
    }

    private static string Read(byte[] data)
    {
        try
        {
            KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(data), s_options);
            EventDigest.ReadSequence(TestInputs.Chunked(data, 997), s_options);
            return "read";
        }
        catch (MkvFormatException)
        {
            return "format error";
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0: // flip a few bytes
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return data;
            case 1: // truncate
                return data.AsSpan(0, random.Next(data.Length)).ToArray();
            case 2: // write a huge or unknown size vint somewhere
                var at = random.Next(data.Length - 8);
                data[at] = 0x01;
                for (var k = 1; k < 8; k++)
                {
                    data[at + k] = (byte)(random.Next(2) == 0 ? 0xFF : random.Next(256));
                }

                return data;
            case 3: // delete a range
                var start = random.Next(data.Length);
                var length = random.Next(1, Math.Min(64, data.Length - start) + 1);
                return [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];
            default: // duplicate a range
                var from = random.Next(data.Length);
                var count = random.Next(1, Math.Min(256, data.Length - from) + 1);
                return [.. data.AsSpan(0, from + count), .. data.AsSpan(from)];
        }
    }
}
