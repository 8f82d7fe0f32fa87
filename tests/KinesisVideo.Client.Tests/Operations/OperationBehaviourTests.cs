using System.Net;
using System.Text.Json.Nodes;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Media;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>Paths that break the naming rule, paginators, unbuffered media and nested validation, without ../shared.</summary>
public class OperationBehaviourTests : FakeServerTest
{
    private const string StreamArn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam-1/1700000000000";

    [Test]
    public async Task The_operations_whose_paths_break_the_naming_rule_use_the_service_s_paths()
    {
        using var client = TestClients.ControlPlane(Server, Time);

        await client.TagResourceAsync(new TagResourceRequest { ResourceARN = StreamArn, Tags = [new Tag { Key = "k", Value = "v" }] });
        await client.UntagResourceAsync(new UntagResourceRequest { ResourceARN = StreamArn, TagKeyList = ["k"] });
        await client.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceARN = StreamArn });
        await client.TagStreamAsync(new TagStreamRequest { StreamARN = StreamArn, Tags = new() { ["k"] = "v" } });

        Assert.That(Server.Requests.Select(r => r.Path), Is.EqualTo(new[] { "/TagResource", "/UntagResource", "/ListTagsForResource", "/tagStream" }));
    }

    [Test]
    public async Task A_paginator_walks_every_page_and_leaves_the_request_as_it_was()
    {
        Server.Fallback = context =>
        {
            var token = JsonNode.Parse(Server.Requests.Last().Body)!["NextToken"]?.GetValue<string>();
            var (names, next) = token switch
            {
                null => (new[] { "a", "b" }, "t1"),
                "t1" => (new[] { "c" }, "t2"),
                _ => (new[] { "d" }, (string?)null),
            };
            var page = new JsonObject { ["StreamInfoList"] = new JsonArray(names.Select(n => (JsonNode)new JsonObject { ["StreamName"] = n }).ToArray()) };
            if (next is not null)
            {
                page["NextToken"] = next;
            }

            return FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, page.ToJsonString());
        };
        using var client = TestClients.ControlPlane(Server, Time);
        var request = new ListStreamsRequest { MaxResults = 2 };
        var paginator = client.Paginators.ListStreams(request);

        var first = new List<string>();
        await foreach (var stream in paginator)
        {
            first.Add(stream.StreamName!);
        }

        var pages = 0;
        await foreach (var page in paginator.PagesAsync())
        {
            pages++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(pages, Is.EqualTo(3), "the same paginator enumerates again from the first page");
            Assert.That(request.NextToken, Is.Null, "the caller's request is not changed");
            Assert.That(Server.Requests.Select(r => JsonNode.Parse(r.Body)!["MaxResults"]!.GetValue<int>()), Has.All.EqualTo(2));
        });
    }

    [Test]
    public async Task A_token_that_repeats_ends_the_walk()
    {
        Server.Fallback = context => FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, """{"Fragments":[{"FragmentNumber":"1"}],"NextToken":"same"}""");
        using var client = new KinesisVideoArchivedMediaClient(Options(dataEndpoint: true));

        var fragments = new List<string>();
        await foreach (var fragment in client.Paginators.ListFragments(new ListFragmentsRequest { StreamARN = StreamArn }))
        {
            fragments.Add(fragment.FragmentNumber!);
        }

        Assert.That(fragments, Has.Count.EqualTo(2), "the first page, the page for 'same', then stop");
    }

    [Test]
    public async Task GetMedia_hands_over_the_body_as_it_arrives_without_buffering_it()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Fallback = async context =>
        {
            context.Response.ContentType = "video/webm";
            await context.Response.Body.WriteAsync("first-"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync("second"u8.ToArray());
        };
        using var client = new KinesisVideoMediaClient(Options(dataEndpoint: true));

        await using var response = await client.GetMediaAsync(new GetMediaRequest { StreamARN = StreamArn, StartSelector = new() { StartSelectorType = StartSelectorType.EARLIEST } })
            .WaitAsync(TimeSpan.FromSeconds(10));
        var buffer = new byte[6];
        await response.Payload.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        using var rest = new StreamReader(response.Payload);

        Assert.Multiple(async () =>
        {
            Assert.That(buffer, Is.EqualTo("first-"u8.ToArray()), "read while the server was still holding the rest");
            Assert.That(await rest.ReadToEndAsync(), Is.EqualTo("second"));
            Assert.That(response.ContentType, Is.EqualTo("video/webm"));
        });
    }

    [Test]
    public void Nested_required_members_and_minimums_are_checked_before_anything_is_sent()
    {
        using var media = new KinesisVideoMediaClient(Options(dataEndpoint: true));
        using var archived = new KinesisVideoArchivedMediaClient(Options(dataEndpoint: true));

        var missingSelector = Assert.ThrowsAsync<ArgumentException>(() => media.GetMediaAsync(new GetMediaRequest { StreamARN = StreamArn }));
        var missingType = Assert.ThrowsAsync<ArgumentException>(() => media.GetMediaAsync(new GetMediaRequest { StreamARN = StreamArn, StartSelector = new() }));
        var tooFew = Assert.ThrowsAsync<ArgumentException>(() => archived.ListFragmentsAsync(new ListFragmentsRequest { StreamARN = StreamArn, MaxResults = 0 }));
        var noStream = Assert.ThrowsAsync<ArgumentException>(() => archived.ListFragmentsAsync(new ListFragmentsRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(missingSelector!.ParamName, Is.EqualTo("StartSelector"));
            Assert.That(missingType!.ParamName, Is.EqualTo("StartSelector.StartSelectorType"));
            Assert.That(tooFew!.ParamName, Is.EqualTo("MaxResults"));
            Assert.That(tooFew.Message, Does.Contain("at least 1"));
            Assert.That(noStream!.ParamName, Is.EqualTo("StreamName"));
            Assert.That(Server.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task A_maximum_the_models_document_is_not_enforced_on_the_client()
    {
        // Issue 12: ListFragments' MaxResults is documented up to 1000; the client used to refuse
        // 1001. When the service raises such a limit, a deployed client must not refuse the value.
        Server.EnqueueResponse(HttpStatusCode.OK, """{"Fragments":[]}""");
        using var archived = new KinesisVideoArchivedMediaClient(Options(dataEndpoint: true));

        await archived.ListFragmentsAsync(new ListFragmentsRequest { StreamARN = StreamArn, MaxResults = 1001 });

        Assert.That(JsonNode.Parse(Server.Requests.Single().Body)!["MaxResults"]!.GetValue<long>(), Is.EqualTo(1001));
    }

    [Test]
    public async Task UpdateStreamStorageConfiguration_goes_out_without_a_stream_name_or_arn_as_its_reference_states_no_either_or_rule()
    {
        using var client = new KinesisVideoClient(Options(dataEndpoint: false));

        await client.UpdateStreamStorageConfigurationAsync(new UpdateStreamStorageConfigurationRequest
        {
            CurrentVersion = "1",
            StreamStorageConfiguration = new() { DefaultStorageTier = DefaultStorageTier.HOT },
        });

        Assert.That(Server.Requests.Single().Path, Is.EqualTo("/updateStreamStorageConfiguration"));
    }

    private KinesisVideo.Client.Runtime.KinesisVideoClientOptions Options(bool dataEndpoint)
    {
        var options = TestClients.Options(Server, Time);
        if (dataEndpoint)
        {
            options.DataEndpoint = Server.Url;
        }

        return options;
    }
}
