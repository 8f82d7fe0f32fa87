using System.Net;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.GetMedia.Support;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia;

/// <summary>GetMediaForFragmentList: the listed fragments in the order asked, and error documents for those it cannot serve.</summary>
public class GetMediaForFragmentListTests : GetMediaTest
{
    private const string ExceptionErrorCode = "AWS_KINESISVIDEO_EXCEPTION_ERROR_CODE";
    private const string ExceptionMessage = "AWS_KINESISVIDEO_EXCEPTION_MESSAGE";

    [Test]
    public async Task Fragments_come_in_the_order_asked_with_their_frames()
    {
        var seeded = await CreateSeededStreamAsync(4);
        var asked = new[] { seeded[3], seeded[0], seeded[2] };

        var fragments = await GetListAsync(asked.Select(f => f.FragmentNumber));

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(asked.Select(f => f.FragmentNumber)));
        for (var i = 0; i < asked.Length; i++)
        {
            Assert.That(fragments[i].Frames.Select(f => f.Data.ToArray()), Is.EqualTo(asked[i].Frames.Select(f => f.Data.ToArray())));
            Assert.That(fragments[i].ServerTimestamp, Is.EqualTo(asked[i].ServerTimestamp));
        }
    }

    [Test]
    public async Task A_fragment_that_does_not_exist_gets_an_error_document_in_its_place()
    {
        var seeded = await CreateSeededStreamAsync(2);
        const string missing = "12345678901234567890";

        var fragments = await GetListAsync([seeded[0].FragmentNumber, missing, seeded[1].FragmentNumber]);

        Assert.That(fragments.Select(f => f.FragmentNumber), Is.EqualTo(new[] { seeded[0].FragmentNumber, missing, seeded[1].FragmentNumber }));
        AssertError(fragments[1]);
        Assert.That(fragments[0].Frames, Has.Count.EqualTo(seeded[0].Frames.Count));
        Assert.That(fragments[2].Frames, Has.Count.EqualTo(seeded[1].Frames.Count));
    }

    [Test]
    public async Task A_fragment_that_was_not_archived_is_an_error()
    {
        await CreateStreamAsync(StreamName, retentionHours: 0);
        var live = MediaSeeding.Fragment(Kvs, MediaSeeding.Header(), Time.GetUtcNow(), Time.GetUtcNow(), persisted: false);
        Store.Append(live);

        var fragments = await GetListAsync([live.FragmentNumber]);

        Assert.That(fragments, Has.Count.EqualTo(1));
        AssertError(fragments[0]);
    }

    [Test]
    public async Task An_unknown_stream_is_not_found()
    {
        var response = await ErrorOf(await Media.PostAsync("/getMediaForFragmentList", """{"StreamName":"nope","Fragments":["1"]}"""));

        response.Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
    }

    [Test]
    public async Task More_than_a_thousand_fragments_is_an_invalid_argument()
    {
        await CreateSeededStreamAsync(1);
        var numbers = string.Join(",", Enumerable.Repeat("\"1\"", 1001));

        var response = await ErrorOf(await Media.PostAsync("/getMediaForFragmentList", $$"""{"StreamName":"{{StreamName}}","Fragments":[{{numbers}}]}"""));

        response.Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private async Task<IReadOnlyList<KvsMediaFragment>> GetListAsync(IEnumerable<string> numbers)
    {
        var list = string.Join(",", numbers.Select(n => $"\"{n}\""));
        await using var body = await MediaBody.StartAsync(await Media.PostAsync("/getMediaForFragmentList", $$"""{"StreamName":"{{StreamName}}","Fragments":[{{list}}]}"""));
        return await body.ReadToEndAsync();
    }

    private static void AssertError(KvsMediaFragment fragment) => Assert.Multiple(() =>
    {
        Assert.That(fragment.KinesisVideoTags[ExceptionErrorCode], Is.EqualTo("4000"));
        Assert.That(fragment.KinesisVideoTags[ExceptionMessage], Is.Not.Empty);
        Assert.That(fragment.ServerTimestamp, Is.Null);
        Assert.That(fragment.Frames, Is.Empty);
    });
}
