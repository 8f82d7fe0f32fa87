using System.Net;
using System.Text;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>TagStream, UntagStream, ListTagsForStream, TagResource, UntagResource and ListTagsForResource over HTTP.</summary>
public class TagOperationsTests : EmulatorTest
{
    [Test]
    public async Task Stream_tags_set_on_create_and_by_TagStream_are_listed_and_removed_by_UntagStream()
    {
        await Caller.PostAsync("/createStream", """{"StreamName":"tagged","Tags":{"team":"video"}}""");

        (await Caller.PostAsync("/tagStream", """{"StreamName":"tagged","Tags":{"env":"test","team":"media"}}""")).Ok();
        var afterTag = (await Caller.PostAsync("/listTagsForStream", """{"StreamName":"tagged"}""")).Ok();
        (await Caller.PostAsync("/untagStream", """{"StreamName":"tagged","TagKeyList":["env"]}""")).Ok();
        var afterUntag = (await Caller.PostAsync("/listTagsForStream", """{"StreamName":"tagged"}""")).Ok();

        Assert.Multiple(() =>
        {
            Assert.That(Tags(afterTag), Is.EquivalentTo(new Dictionary<string, string> { ["team"] = "media", ["env"] = "test" }));
            Assert.That(Tags(afterUntag), Is.EquivalentTo(new Dictionary<string, string> { ["team"] = "media" }));
        });
    }

    [Test]
    public async Task Resource_tags_work_on_streams_and_channels_by_arn()
    {
        var stream = await CreateStreamAsync("s");
        var channel = (await Caller.PostAsync("/createSignalingChannel", """{"ChannelName":"c","Tags":[{"Key":"k0","Value":"v0"}]}""")).Ok().String("ChannelARN");

        (await Caller.PostAsync("/TagResource", $$"""{"ResourceARN":"{{stream}}","Tags":[{"Key":"k1","Value":"v1"}]}""")).Ok();
        (await Caller.PostAsync("/TagResource", $$"""{"ResourceARN":"{{channel}}","Tags":[{"Key":"k2","Value":"v2"}]}""")).Ok();
        (await Caller.PostAsync("/UntagResource", $$"""{"ResourceARN":"{{channel}}","TagKeyList":["k0"]}""")).Ok();

        var streamTags = (await Caller.PostAsync("/ListTagsForResource", $$"""{"ResourceARN":"{{stream}}"}""")).Ok();
        var channelTags = (await Caller.PostAsync("/ListTagsForResource", $$"""{"ResourceARN":"{{channel}}"}""")).Ok();
        Assert.Multiple(() =>
        {
            Assert.That(Tags(streamTags), Is.EquivalentTo(new Dictionary<string, string> { ["k1"] = "v1" }));
            Assert.That(Tags(channelTags), Is.EquivalentTo(new Dictionary<string, string> { ["k2"] = "v2" }));
        });
    }

    [Test]
    public async Task More_than_50_tags_on_one_resource_is_TagsPerResourceExceededLimit_and_changes_nothing()
    {
        var arn = await CreateStreamAsync("full");
        (await Caller.PostAsync("/tagStream", $$"""{"StreamName":"full","Tags":{{TagMap(0, 30)}}}""")).Ok();

        (await Caller.PostAsync("/tagStream", $$"""{"StreamName":"full","Tags":{{TagMap(30, 21)}}}""")).Error(HttpStatusCode.BadRequest, "TagsPerResourceExceededLimitException");
        (await Caller.PostAsync("/TagResource", $$"""{"ResourceARN":"{{arn}}","Tags":[{"Key":"one-more-1","Value":""}]}""")).Ok();
        Assert.That(Tags((await Caller.PostAsync("/listTagsForStream", """{"StreamName":"full"}""")).Ok()), Has.Count.EqualTo(31));
        (await Caller.PostAsync("/tagStream", $$"""{"StreamName":"full","Tags":{{TagMap(0, 49)}}}""")).Ok();
        (await Caller.PostAsync("/TagResource", $$"""{"ResourceARN":"{{arn}}","Tags":[{"Key":"last","Value":"x"}]}""")).Error(HttpStatusCode.BadRequest, "TagsPerResourceExceededLimitException");
    }

    [Test]
    public async Task Tag_errors_missing_resource_and_invalid_input()
    {
        (await Caller.PostAsync("/tagStream", """{"StreamName":"none","Tags":{"a":"b"}}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/untagStream", """{"StreamName":"none","TagKeyList":["a"]}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/listTagsForStream", """{"StreamName":"none"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/ListTagsForResource", """{"ResourceARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/none/1"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await Caller.PostAsync("/UntagResource", """{"ResourceARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/none/1","TagKeyList":["a"]}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        await CreateStreamAsync("s");
        (await Caller.PostAsync("/tagStream", """{"StreamName":"s","Tags":{}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/tagStream", """{"StreamName":"s","Tags":{"bad#key":"v"}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/TagResource", """{"ResourceARN":"arn:aws:kinesisvideo:us-west-2:123456789012:stream/s/1","Tags":[{"Key":"k"}]}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/UntagResource", """{"ResourceARN":"x","TagKeyList":["a"]}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task Tag_paths_are_case_sensitive_as_the_model_spells_them()
    {
        var arn = await CreateStreamAsync("s");

        (await Caller.PostAsync("/tagResource", $$"""{"ResourceARN":"{{arn}}","Tags":[{"Key":"k","Value":"v"}]}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    private static string TagMap(int from, int count)
    {
        var json = new StringBuilder("{");
        for (var i = from; i < from + count; i++)
        {
            json.Append(i == from ? "" : ",").Append("\"key-").Append(i).Append("\":\"value\"");
        }

        return json.Append('}').ToString();
    }

    private static Dictionary<string, string> Tags(EmulatorResponse response) =>
        response.Body.GetProperty("Tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
