using System.Buffers;
using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Mkv.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media;

/// <summary>Where a GetMedia read resumes: its own selector, then after the last delivered fragment.</summary>
public class ResumePositionTests
{
    private static readonly MediaFragment s_fragment = Parse(GetMediaDocuments.Body(GetMediaDocuments.Synthetic(1)));

    [Test]
    public void Until_a_fragment_arrives_the_read_resumes_from_its_own_selector()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.PRODUCER_TIMESTAMP, StartTimestamp = at });

        var first = position.NextSelector(new FakeTimeProvider());
        var second = position.NextSelector(new FakeTimeProvider());

        Assert.That((first.StartSelectorType, first.StartTimestamp), Is.EqualTo((StartSelectorType.PRODUCER_TIMESTAMP, (DateTimeOffset?)at)));
        Assert.That((second.StartSelectorType, second.StartTimestamp), Is.EqualTo((first.StartSelectorType, first.StartTimestamp)));
    }

    [Test]
    public void NOW_becomes_the_server_timestamp_of_when_the_read_began_so_nothing_stored_between_connections_is_missed()
    {
        var time = new FakeTimeProvider();
        var began = time.GetUtcNow();
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.NOW });

        Assert.That(position.NextSelector(time).StartSelectorType, Is.EqualTo(StartSelectorType.NOW));
        time.Advance(TimeSpan.FromSeconds(3));
        var again = position.NextSelector(time);

        Assert.That((again.StartSelectorType, again.StartTimestamp), Is.EqualTo((StartSelectorType.SERVER_TIMESTAMP, (DateTimeOffset?)began)));
        Assert.That(position.ToString(), Does.Contain("NOW when the read began"));
    }

    [Test]
    public void After_a_fragment_it_resumes_with_its_continuation_token_and_skips_anything_not_after_it()
    {
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.NOW });
        position.NextSelector(new FakeTimeProvider());

        position.Delivered(s_fragment);
        var next = position.NextSelector(new FakeTimeProvider());

        Assert.That((next.StartSelectorType, next.ContinuationToken), Is.EqualTo((StartSelectorType.CONTINUATION_TOKEN, s_fragment.ContinuationToken)));
        Assert.That(position.IsRepeat(s_fragment), Is.True);
        Assert.That(position.ToString(), Is.EqualTo("continuation token " + s_fragment.ContinuationToken));
    }

    [Test]
    public void A_fragment_without_a_continuation_token_is_resumed_after_by_its_number()
    {
        // No closing tags: complete at the end of the input, with its number only.
        var body = GetMediaDocuments.Body(GetMediaDocuments.Synthetic(1));
        var untokened = Parse(body.AsSpan(0, body.Length - ClosingTagsLength(body)).ToArray());
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.EARLIEST });

        position.Delivered(untokened);
        var next = position.NextSelector(new FakeTimeProvider());

        Assert.That(untokened.ContinuationToken, Is.Null);
        Assert.That((next.StartSelectorType, next.AfterFragmentNumber), Is.EqualTo((StartSelectorType.FRAGMENT_NUMBER, untokened.FragmentNumber)));
    }

    [Test]
    public void Skipping_a_fragment_not_found_error_goes_to_the_oldest_fragment_kept_and_any_other_error_past_its_fragment()
    {
        var notFound = Parse(GetMediaDocuments.Error("91343852333181432511524306419788296366724229586", 4000, "Requested fragment is not found"));
        var kms = Parse(GetMediaDocuments.Error("91343852333181432511524306419788296366724229586", 4501, "KMS key disabled"));
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.CONTINUATION_TOKEN, ContinuationToken = "1" });

        position.SkipPast(notFound);
        Assert.That(position.NextSelector(new FakeTimeProvider()).StartSelectorType, Is.EqualTo(StartSelectorType.EARLIEST));
        position.SkipPast(kms);
        var next = position.NextSelector(new FakeTimeProvider());
        Assert.That((next.StartSelectorType, next.AfterFragmentNumber), Is.EqualTo((StartSelectorType.FRAGMENT_NUMBER, kms.FragmentNumber)));
    }

    [Test]
    public void Fragment_numbers_compare_as_numbers_not_as_text()
    {
        var position = new ResumePosition(new StartSelector { StartSelectorType = StartSelectorType.EARLIEST });
        position.Delivered(s_fragment);

        var longer = Parse(GetMediaDocuments.Error("1" + s_fragment.FragmentNumber, 4501, "x"));
        var shorter = Parse(GetMediaDocuments.Error(s_fragment.FragmentNumber![1..], 4501, "x"));

        Assert.That(position.IsRepeat(longer), Is.False);
        Assert.That(position.IsRepeat(shorter), Is.True);
    }

    private static MediaFragment Parse(byte[] body) => MediaFragmentReaderHelpers.First(body);

    // The closing Tags element (MILLIS_BEHIND_NOW, CONTINUATION_TOKEN) is the document's last element.
    private static int ClosingTagsLength(byte[] body) => body.Length - body.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0x12, 0x54, 0xC3, 0x67]);
}

internal static class MediaFragmentReaderHelpers
{
    /// <summary>The first fragment of <paramref name="body"/>, from a reader of its own (so it stays readable).</summary>
    public static MediaFragment First(byte[] body)
    {
        new MediaFragmentReader().TryRead(new ReadOnlySequence<byte>(body), isFinalBlock: true, out var fragment, out _, out _);
        return fragment!;
    }
}
