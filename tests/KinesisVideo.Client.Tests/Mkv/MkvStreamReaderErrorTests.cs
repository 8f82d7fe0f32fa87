using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>Malformed input and limits: MkvFormatException with the offset and element, memory bounded by the caps.</summary>
public class MkvStreamReaderErrorTests
{
    private static readonly byte[] s_ebmlAndSegment = Convert.FromHexString("1A45DFA3" + "80" + "18538067" + "FF");

    [Test]
    public void A_block_declared_above_MaxFrameSize_is_refused_before_its_bytes_arrive()
    {
        // Segment, Cluster, Timecode 0, then a SimpleBlock declaring 100 MB with only its header present.
        var input = Concat(s_ebmlAndSegment, "1F43B675FF", "E78100", "A3" + "16400000");
        var reader = new MkvStreamReader(new MkvReaderOptions { MaxFrameSize = 1024 * 1024, MaxFragmentSize = long.MaxValue });

        var error = Assert.Throws<MkvFormatException>(() => ReadAll(reader, input));

        Assert.That(error!.ElementName, Is.EqualTo("SimpleBlock"));
        Assert.That(error.Offset, Is.EqualTo(s_ebmlAndSegment.Length + 5 + 3));
        Assert.That(error.Message, Does.Contain("above the limit"));
    }

    [Test]
    public void A_cluster_growing_past_MaxFragmentSize_is_refused()
    {
        var block = "A3" + "8B" + "81" + "0000" + "80" + "00000000000000";
        var input = Concat(s_ebmlAndSegment, "1F43B675FF", "E78100", block, block, block);
        var reader = new MkvStreamReader(new MkvReaderOptions { MaxFragmentSize = 30 });

        var error = Assert.Throws<MkvFormatException>(() => ReadAll(reader, input));
        Assert.That(error!.Message, Does.Contain("MaxFragmentSize"));

        var declared = Concat(s_ebmlAndSegment, "1F43B675" + "0100000000100000");
        error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(new MkvReaderOptions { MaxFragmentSize = 1000 }), declared));
        Assert.That(error!.ElementName, Is.EqualTo("Cluster"));
    }

    [Test]
    public void A_bad_vint_reports_its_offset()
    {
        var input = Concat(s_ebmlAndSegment, "00FFFF");
        var error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(), input));
        Assert.That((error!.Offset, error.ElementId), Is.EqualTo((s_ebmlAndSegment.Length, (uint?)null)));

        input = Concat(s_ebmlAndSegment, "1549A966" + "00");
        error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(), input));
        Assert.That((error!.Offset, error.ElementName), Is.EqualTo((s_ebmlAndSegment.Length, "Info")));
        Assert.That(error.Message, Does.Contain("Invalid element size"));
    }

    [Test]
    public void Nesting_deeper_than_MaxDepth_is_refused()
    {
        var input = Concat(s_ebmlAndSegment, "1254C367" + "89" + "7373" + "86" + "67C8" + "83" + "45A3" + "80");
        var error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(new MkvReaderOptions { MaxDepth = 2 }), input));
        Assert.That(error!.ElementName, Is.EqualTo("Tag"));
        Assert.That(error.Message, Does.Contain("MaxDepth"));
        Assert.That(ReadAll(new MkvStreamReader(new MkvReaderOptions { MaxDepth = 3 }), input), Has.Count.EqualTo(2));
    }

    [Test]
    public void A_truncated_element_needs_more_data_then_fails_at_the_end_of_input()
    {
        var data = SmallStreams.TwoFragmentsWithTags();
        var cut = data.AsSpan(0, data.Length - 3).ToArray();
        var reader = new MkvStreamReader();
        var input = new ReadOnlySequence<byte>(cut);
        while (true)
        {
            var found = reader.TryRead(input, out _, out var consumed, out var examined);
            input = input.Slice(consumed);
            if (!found)
            {
                Assert.That(examined, Is.EqualTo(input.End));
                break;
            }
        }

        var error = Assert.Throws<MkvFormatException>(() => reader.ThrowIfTruncated(input));
        Assert.That(error!.ElementName, Is.EqualTo("SimpleTag"));
        Assert.That(error.Message, Does.StartWith("The input ended"));
    }

    [Test]
    public void A_skipped_element_declaring_a_huge_size_is_streamed_past_without_buffering()
    {
        // A Void declaring ~2^56 bytes: the reader consumes what arrives and never buffers it.
        var input = Concat(s_ebmlAndSegment, "EC" + "01FFFFFFFFFFFFF0", new string('0', 2 * 4096));
        var reader = new MkvStreamReader();
        var sequence = new ReadOnlySequence<byte>(input);
        Assert.That(reader.TryRead(sequence, out var item, out var consumed, out _), Is.True);
        Assert.That(item.Kind, Is.EqualTo(MkvEventKind.DocumentStart));
        Assert.That(reader.TryRead(sequence.Slice(consumed), out _, out consumed, out _), Is.False);
        Assert.That(consumed, Is.EqualTo(sequence.End));
        var error = Assert.Throws<MkvFormatException>(() => reader.ThrowIfTruncated(default));
        Assert.That(error!.ElementName, Is.EqualTo("Void"));
    }

    [Test]
    public void A_block_before_the_cluster_timecode_is_refused()
    {
        var input = Concat(s_ebmlAndSegment, "1F43B675FF", "A3" + "85" + "81" + "0000" + "80" + "00");
        var error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(), input));
        Assert.That(error!.Message, Does.Contain("before its Cluster's Timecode"));
    }

    [Test]
    public void An_element_running_past_its_parent_is_refused()
    {
        var input = Concat(s_ebmlAndSegment, "1654AE6B" + "83" + "AE" + "85" + "D78101");
        var error = Assert.Throws<MkvFormatException>(() => ReadAll(new MkvStreamReader(), input));
        Assert.That(error!.ElementName, Is.EqualTo("TrackEntry"));
        Assert.That(error.Message, Does.Contain("past the end of its parent"));
    }

    private static List<MkvEvent> ReadAll(MkvStreamReader reader, byte[] data)
    {
        var input = new ReadOnlySequence<byte>(data);
        var events = new List<MkvEvent>();
        while (true)
        {
            var found = reader.TryRead(input, out var item, out var consumed, out _);
            input = input.Slice(consumed);
            if (!found)
            {
                break;
            }

            events.Add(item);
        }

        reader.ThrowIfTruncated(input);
        return events;
    }

    private static byte[] Concat(byte[] head, params string[] hex) => [.. head, .. Convert.FromHexString(string.Concat(hex))];
}
