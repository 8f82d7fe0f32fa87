using System.Buffers;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Mkv;

/// <summary>
/// The zero-copy fragment reader: the same fragments however the input is cut, frames that are
/// slices held in the input until the reader moves on, fragments complete at their closing tags,
/// tracks parsed once, and memory bounded by the bytes in hand.
/// </summary>
public class MediaFragmentReaderTests
{
    private static readonly List<StoredFragment> s_stored = GetMediaDocuments.Synthetic(3, withAudio: true, metadata: [new("room", "lab"), new("camera", "north")]);
    private static readonly byte[] s_body = GetMediaDocuments.Body(s_stored);

    [Test]
    public void Reads_each_document_as_a_fragment_with_the_service_tags_frames_and_metadata_it_carries()
    {
        var expected = new List<string>();
        long offset = 0;
        foreach (var fragment in s_stored)
        {
            var length = GetMediaDocuments.Body([fragment]).Length;
            expected.Add(GetMediaDocuments.Describe(fragment, offset, length));
            offset += length;
        }

        Assert.That(ReadWhole(new ReadOnlySequence<byte>(s_body)), Is.EqualTo(expected));
    }

    [Test]
    public void Every_two_segment_split_gives_the_same_fragments_as_the_whole()
    {
        var whole = ReadWhole(new ReadOnlySequence<byte>(s_body));
        for (var at = 1; at < s_body.Length; at++)
        {
            var split = ReadWhole(TestInputs.Split(s_body, at));
            if (!split.SequenceEqual(whole))
            {
                Assert.That(split, Is.EqualTo(whole), $"split at {at}");
            }
        }
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4096)]
    public async Task A_pipe_revealing_a_few_bytes_at_a_time_gives_the_same_fragments_with_frames_valid_until_the_next_read(int step)
    {
        var whole = ReadWhole(new ReadOnlySequence<byte>(s_body));
        var reader = new MediaFragmentPipeReader(new FeedingPipeReader(s_body, step));
        var piped = new List<string>();
        MediaFragment? previous = null;
        while (await reader.ReadAsync() is { } fragment)
        {
            Assert.That(previous?.AreFramesAvailable, Is.Not.True, "the previous fragment was released");
            piped.Add(GetMediaDocuments.Describe(fragment));
            previous = fragment;
        }

        Assert.That(piped, Is.EqualTo(whole));
    }

    [Test]
    public void A_fragment_is_complete_at_its_closing_tags_without_waiting_for_the_next_document()
    {
        var first = GetMediaDocuments.Body([s_stored[0]]);
        var reader = new MediaFragmentReader();

        var found = reader.TryRead(new ReadOnlySequence<byte>(first), isFinalBlock: false, out var fragment, out var consumed, out _);

        Assert.That(found, Is.True, "a live reader gets the fragment as soon as its continuation token has arrived");
        Assert.That(fragment!.IsComplete, Is.True);
        Assert.That(fragment.FragmentNumber, Is.EqualTo(s_stored[0].FragmentNumber));
        Assert.That(new ReadOnlySequence<byte>(first).Slice(consumed).IsEmpty, Is.True);
        Assert.That(reader.IsInsideFragment, Is.False);
    }

    [Test]
    public void While_a_document_is_incomplete_its_bytes_are_held_from_its_start()
    {
        var reader = new MediaFragmentReader();
        var firstLength = GetMediaDocuments.Body([s_stored[0]]).Length;
        var partial = new ReadOnlySequence<byte>(s_body, 0, firstLength + 100);

        Assert.That(reader.TryRead(partial, false, out _, out var consumed, out _), Is.True);
        partial = partial.Slice(consumed);
        Assert.That(reader.TryRead(partial, false, out _, out consumed, out var examined), Is.False);

        Assert.That(partial.Slice(consumed).Length, Is.EqualTo(100), "nothing of the second document is released");
        Assert.That(examined, Is.EqualTo(partial.End));
    }

    [Test]
    public void Frames_are_slices_of_the_input_and_reading_them_after_the_reader_moves_on_throws_while_a_detached_copy_survives()
    {
        var reader = new MediaFragmentReader();
        var input = new ReadOnlySequence<byte>(s_body);
        Assert.That(reader.TryRead(input, true, out var first, out var consumed, out _), Is.True);

        var payload = first!.Frames[0].Payload;
        Assert.That(payload.First.Span.Overlaps(s_body), Is.True, "the payload is the input's memory, not a copy");
        var detached = first.Detach();

        Assert.That(reader.TryRead(input.Slice(consumed), true, out var second, out _, out _), Is.True);
        Assert.That(first.AreFramesAvailable, Is.False);
        var error = Assert.Throws<InvalidOperationException>(() => _ = first.Frames[0]);
        Assert.That(error!.Message, Does.Contain("Detach()"));
        Assert.Throws<InvalidOperationException>(() => first.Detach());
        Assert.That(first.FragmentNumber, Is.EqualTo(s_stored[0].FragmentNumber), "the tags stay");

        Assert.That(detached.Frames.Select(f => f.Data.ToArray()), Is.EqualTo(s_stored[0].Frames.Select(f => f.Data.ToArray())));
        Assert.That(detached.KinesisVideoTags[KvsFragmentTagNames.ContinuationToken], Is.EqualTo(s_stored[0].FragmentNumber));
        Assert.That(second!.Frames, Has.Count.EqualTo(s_stored[1].Frames.Count));
    }

    [Test]
    public void Repeated_track_entries_give_the_same_track_list_and_a_new_connection_keeps_them()
    {
        var reader = new MediaFragmentReader();
        var fragments = ReadAll(reader, new ReadOnlySequence<byte>(s_body));
        Assert.That(fragments[1].Tracks, Is.SameAs(fragments[0].Tracks));
        Assert.That(fragments[2].Tracks, Is.SameAs(fragments[0].Tracks));

        reader.Reset();
        var again = ReadAll(reader, new ReadOnlySequence<byte>(s_body));

        Assert.That(again[0].Tracks, Is.SameAs(fragments[0].Tracks));
        Assert.That(again[0].Tracks.Select(t => (t.CodecId, t.PixelWidth, t.SamplingFrequency)), Is.EqualTo(new[] { (MkvTrackEntry.H264CodecId, 640, 0.0), (MkvTrackEntry.AacCodecId, 0, 48000.0) }));
    }

    [Test]
    public void An_error_document_is_an_error_fragment_complete_at_its_error_tags()
    {
        var body = GetMediaDocuments.Error("91343852333181432511524306419788296366724229586", 4000, "Requested fragment is not found");
        var reader = new MediaFragmentReader();

        Assert.That(reader.TryRead(new ReadOnlySequence<byte>(body), isFinalBlock: false, out var fragment, out _, out _), Is.True);
        Assert.That(fragment!.IsError, Is.True);
        Assert.That(fragment.ErrorId, Is.EqualTo(4000));
        Assert.That(fragment.ErrorCode, Is.EqualTo("Requested fragment is not found"));
        Assert.That(fragment.FragmentNumber, Is.EqualTo("91343852333181432511524306419788296366724229586"));
        Assert.That(fragment.Frames, Is.Empty);
    }

    [Test]
    public void A_body_cut_inside_a_document_is_a_truncation_and_malformed_bytes_are_not()
    {
        var cut = s_body.AsSpan(0, s_body.Length - 10).ToArray();
        var truncated = Assert.Throws<MkvFormatException>(() => MediaFragmentReader.ReadAll(new ReadOnlySequence<byte>(cut)));
        Assert.That(truncated!.IsTruncated, Is.True);

        var malformed = (byte[])s_body.Clone();
        malformed[GetMediaDocuments.Body([s_stored[0]]).Length + 4] = 0x00; // the second EBML header's size: an invalid vint
        var invalid = Assert.Throws<MkvFormatException>(() => MediaFragmentReader.ReadAll(new ReadOnlySequence<byte>(malformed)));
        Assert.That(invalid!.IsTruncated, Is.False);
    }

    [Test]
    public void What_a_document_holds_is_bounded_by_the_bytes_in_hand_whatever_sizes_it_declares()
    {
        // A document padded with a Void that declares (and has) 200 KB: skipped elements are not
        // checked against a size limit, but the reader counts the bytes it holds as they arrive.
        var padded = new ArrayBufferWriter<byte>();
        padded.Write(GetMediaDocuments.Body([s_stored[0]]).AsSpan(0, s_stored[0].Header.Bytes.Length));
        padded.WriteElementHeader(MkvElementIds.Void, 200_000);
        var options = new MkvReaderOptions { MaxFragmentSize = 50_000, MaxMetadataElementSize = 10_000 };
        var reader = new MediaFragmentReader(options);
        var held = new ReadOnlySequence<byte>(padded.WrittenSpan.ToArray());
        var chunk = new byte[8192];
        MkvFormatException? refused = null;
        for (var i = 0; i < 30 && refused is null; i++)
        {
            try
            {
                Assert.That(reader.TryRead(held, false, out _, out var consumed, out _), Is.False);
                held = Append(held.Slice(consumed), chunk);
            }
            catch (MkvFormatException e)
            {
                refused = e;
            }
        }

        Assert.That(refused, Is.Not.Null, "refused before the 200 KB arrived");
        Assert.That(refused!.Message, Does.Contain("MaxFragmentSize 50000"));
        Assert.That(held.Length, Is.LessThanOrEqualTo(60_000 + chunk.Length));
    }

    [Test]
    public void The_frames_a_fragment_may_hold_are_bounded()
    {
        var many = GetMediaDocuments.Body(GetMediaDocuments.Synthetic(1, framesPerTrack: 40));

        var error = Assert.Throws<MkvFormatException>(() => MediaFragmentReader.ReadAll(new ReadOnlySequence<byte>(many), new MkvReaderOptions { MaxFramesPerFragment = 39 }));

        Assert.That(error!.Message, Does.Contain("MaxFramesPerFragment 39"));
    }

    [Test]
    public void Timestamps_are_read_under_both_names_the_api_reference_gives_them()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(s_stored[0].Header.Bytes.Span);
        output.WriteTags([new("AWS_KINESISVIDEO_FRAGMENT_NUMBER", "1234"), new("AWS_KINESISVIDEO_SERVER_SIDE_TIMESTAMP", "1519423069.070"), new("AWS_KINESISVIDEO_PRODUCER_SIDE_TIMESTAMP", "1519423068.5")], 4);

        var fragment = MediaFragmentReader.ReadAll(new ReadOnlySequence<byte>(output.WrittenSpan.ToArray())).Single();

        Assert.That(fragment.ServerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1519423069070)));
        Assert.That(fragment.ProducerTimestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1519423068500)));
        Assert.That(fragment.IsComplete, Is.False, "no closing tags: complete only because the input ended");
    }

    [TestCase("1519423069.070", 1519423069070L)]
    [TestCase("1519423069.07", 1519423069070L)]
    [TestCase("1519423069.0705", 1519423069070L)]
    [TestCase("1519423069", 1519423069000L)]
    [TestCase("0.000", 0L)]
    [TestCase("-1.000", null)]
    [TestCase("1e9", null)]
    [TestCase("1519423069.07a", null)]
    [TestCase("999999999999.000", null)]
    [TestCase("", null)]
    public void Service_timestamps_are_epoch_seconds_read_to_the_millisecond(string text, long? milliseconds)
    {
        var parsed = KvsTagFields.ParseEpochSeconds(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text)));

        Assert.That(parsed?.ToUnixTimeMilliseconds(), Is.EqualTo(milliseconds));
    }

    // Describes each fragment before the reader moves on: its frames are valid only until then.
    private static List<string> ReadWhole(ReadOnlySequence<byte> input) => ReadAll(new MediaFragmentReader(), input, GetMediaDocuments.Describe);

    private static List<MediaFragment> ReadAll(MediaFragmentReader reader, ReadOnlySequence<byte> input) => ReadAll(reader, input, f => f);

    private static List<T> ReadAll<T>(MediaFragmentReader reader, ReadOnlySequence<byte> input, Func<MediaFragment, T> project)
    {
        var fragments = new List<T>();
        while (reader.TryRead(input, isFinalBlock: true, out var fragment, out var consumed, out _))
        {
            fragments.Add(project(fragment));
            input = input.Slice(consumed);
        }

        return fragments;
    }

    private static ReadOnlySequence<byte> Append(ReadOnlySequence<byte> held, byte[] more) => new([.. held.ToArray(), .. more]);
}
