using System.Net;
using KinesisVideo.Client.Tests.Emulator.Support;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>
/// GetDataEndpoint and GetSignalingChannelEndpoint hand out origins of their own; each origin
/// answers only its own operations, and the signaling origin serves GetIceServerConfig and
/// SendAlexaOfferToMaster.
/// </summary>
public class EndpointOperationsTests : EmulatorTest
{
    [TestCase("PUT_MEDIA")]
    [TestCase("GET_MEDIA")]
    [TestCase("LIST_FRAGMENTS")]
    [TestCase("GET_HLS_STREAMING_SESSION_URL")]
    public async Task GetDataEndpoint_returns_an_origin_other_than_the_control_plane(string apiName)
    {
        await CreateStreamAsync("data");

        var endpoint = new Uri((await Caller.PostAsync("/getDataEndpoint", $$"""{"StreamName":"data","APIName":"{{apiName}}"}""")).Ok().String("DataEndpoint"));

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Scheme, Is.EqualTo("http"));
            Assert.That(endpoint.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(endpoint.Port, Is.Not.EqualTo(Kvs.ServiceUrl.Port));
            Assert.That(endpoint.Port, Is.EqualTo(Kvs.DataEndpoint.Port));
        });
    }

    [Test]
    public async Task GetDataEndpoint_errors()
    {
        (await Caller.PostAsync("/getDataEndpoint", """{"StreamName":"none","APIName":"GET_MEDIA"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        await CreateStreamAsync("data");
        (await Caller.PostAsync("/getDataEndpoint", """{"StreamName":"data","APIName":"GET_EVERYTHING"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/getDataEndpoint", """{"StreamName":"data"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task The_data_endpoint_refuses_control_plane_calls_and_the_control_plane_refuses_media_calls()
    {
        await CreateStreamAsync("data");
        using var data = CallerFor(Kvs.DataEndpoint);

        (await data.PostAsync("/describeStream", """{"StreamName":"data"}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
        (await data.PostAsync("/createStream", """{"StreamName":"other"}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
        (await Caller.PostAsync("/getMedia", """{"StreamName":"data","StartSelector":{"StartSelectorType":"NOW"}}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
        (await Caller.PostAsync("/listFragments", """{"StreamName":"data"}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
        (await Caller.PostAsync("/putMedia", "")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    [TestCase("/getMedia", """{"StreamName":"data","StartSelector":{"StartSelectorType":"NOW"}}""", "GetMedia", "APIName GET_MEDIA")]
    [TestCase("/putMedia", "", "PutMedia", "APIName PUT_MEDIA")]
    [TestCase("/getHLSStreamingSessionURL", """{"StreamName":"data"}""", "GetHLSStreamingSessionURL", "APIName GET_HLS_STREAMING_SESSION_URL")]
    [TestCase("/getClip", """{"StreamName":"data"}""", "GetClip", "APIName GET_CLIP")]
    [TestCase("/v1/get-ice-server-config", """{"ChannelARN":"x"}""", "GetIceServerConfig", "GetSignalingChannelEndpoint")]
    public async Task A_media_call_sent_to_the_control_plane_says_where_it_belongs(string path, string body, string operation, string hint)
    {
        var refused = (await Caller.PostAsync(path, body)).Error(HttpStatusCode.NotFound, "UnknownOperationException");

        Assert.That(refused.Message, Does.Contain(operation).And.Contain(hint));
        if (hint.StartsWith("APIName", StringComparison.Ordinal))
        {
            Assert.That(refused.Message, Does.Contain("call GetDataEndpoint"));
        }
    }

    [Test]
    public async Task A_control_plane_call_sent_to_the_data_endpoint_says_so_and_an_unknown_path_gets_no_hint()
    {
        using var data = CallerFor(Kvs.DataEndpoint);

        var misrouted = (await data.PostAsync("/describeStream", """{"StreamName":"data"}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
        var unknown = (await Caller.PostAsync("/doSomething", "{}")).Error(HttpStatusCode.NotFound, "UnknownOperationException");

        Assert.Multiple(() =>
        {
            Assert.That(misrouted.Message, Does.Contain("DescribeStream is a control-plane operation"));
            Assert.That(unknown.Message, Is.EqualTo("No operation is served at POST /doSomething on this endpoint."));
        });
    }

    [Test]
    public async Task GetSignalingChannelEndpoint_returns_the_protocols_asked_for_on_the_signaling_origin()
    {
        var channel = await CreateChannelAsync("room");

        var both = (await Caller.PostAsync("/getSignalingChannelEndpoint", $$$"""{"ChannelARN":"{{{channel}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":["WSS","HTTPS"],"Role":"MASTER"}}""")).Ok();
        var https = (await Caller.PostAsync("/getSignalingChannelEndpoint", $$$"""{"ChannelARN":"{{{channel}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":["HTTPS"],"Role":"VIEWER"}}""")).Ok();

        var endpoints = both.Body.GetProperty("ResourceEndpointList").EnumerateArray().ToDictionary(e => e.GetProperty("Protocol").GetString()!, e => new Uri(e.GetProperty("ResourceEndpoint").GetString()!));
        Assert.Multiple(() =>
        {
            Assert.That(endpoints.Keys, Is.EquivalentTo(new[] { "WSS", "HTTPS" }));
            Assert.That(endpoints["HTTPS"].Scheme, Is.EqualTo("http"));
            Assert.That(endpoints["WSS"].Scheme, Is.EqualTo("ws"));
            Assert.That(endpoints["HTTPS"].Port, Is.EqualTo(Kvs.SignalingEndpoint.Port).And.Not.EqualTo(Kvs.ServiceUrl.Port).And.Not.EqualTo(Kvs.DataEndpoint.Port));
            Assert.That(https.Body.GetProperty("ResourceEndpointList").EnumerateArray().Select(e => e.GetProperty("Protocol").GetString()), Is.EqualTo(new[] { "HTTPS" }));
        });
    }

    [Test]
    public async Task GetSignalingChannelEndpoint_errors()
    {
        (await Caller.PostAsync("/getSignalingChannelEndpoint", """{"ChannelARN":"arn:aws:kinesisvideo:us-west-2:123456789012:channel/none/1"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        var channel = await CreateChannelAsync("room");
        (await Caller.PostAsync("/getSignalingChannelEndpoint", $$$"""{"ChannelARN":"{{{channel}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":["FTP"]}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/getSignalingChannelEndpoint", $$$"""{"ChannelARN":"{{{channel}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":[]}}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    [Test]
    public async Task GetIceServerConfig_returns_turn_servers_with_credentials_and_a_ttl()
    {
        var channel = await CreateChannelAsync("room");
        using var signaling = CallerFor(await HttpsEndpointAsync(channel));

        var servers = (await signaling.PostAsync("/v1/get-ice-server-config", $$"""{"ChannelARN":"{{channel}}","ClientId":"viewer-1","Service":"TURN"}""")).Ok().Body.GetProperty("IceServerList");

        var server = servers.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(server.GetProperty("Uris").EnumerateArray().Select(u => u.GetString()), Is.Not.Empty.And.All.Match("^turns?:"));
            Assert.That(server.GetProperty("Username").GetString(), Is.Not.Empty);
            Assert.That(server.GetProperty("Password").GetString(), Is.Not.Empty);
            Assert.That(server.GetProperty("Ttl").GetInt32(), Is.EqualTo(300));
        });
        (await signaling.PostAsync("/v1/get-ice-server-config", """{"ChannelARN":"arn:aws:kinesisvideo:us-west-2:123456789012:channel/none/1"}""")).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        (await signaling.PostAsync("/v1/get-ice-server-config", $$"""{"ChannelARN":"{{channel}}","Service":"STUN"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await Caller.PostAsync("/v1/get-ice-server-config", $$"""{"ChannelARN":"{{channel}}"}""")).Error(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    [Test]
    public async Task SendAlexaOfferToMaster_is_answered_by_a_registered_master_and_refused_without_one()
    {
        var channel = await CreateChannelAsync("alexa");
        using var signaling = CallerFor(await HttpsEndpointAsync(channel));
        var offer = Convert.ToBase64String("v=0 offer"u8.ToArray());
        var body = $$"""{"ChannelARN":"{{channel}}","SenderClientId":"alexa-1","MessagePayload":"{{offer}}"}""";

        (await signaling.PostAsync("/v1/send-alexa-offer-to-master", body)).Error(HttpStatusCode.NotFound, "ResourceNotFoundException");
        Kvs.Signaling.RegisterMaster(channel, received => "answer-to-" + received);
        var answer = (await signaling.PostAsync("/v1/send-alexa-offer-to-master", body)).Ok().String("Answer");

        Assert.That(answer, Is.EqualTo("answer-to-" + offer));
        (await signaling.PostAsync("/v1/send-alexa-offer-to-master", $$"""{"ChannelARN":"{{channel}}","SenderClientId":"alexa-1","MessagePayload":"not base64!"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
        (await signaling.PostAsync("/v1/send-alexa-offer-to-master", $$"""{"ChannelARN":"{{channel}}","MessagePayload":"{{offer}}"}""")).Error(HttpStatusCode.BadRequest, "InvalidArgumentException");
    }

    private async Task<Uri> HttpsEndpointAsync(string channelArn)
    {
        var response = (await Caller.PostAsync("/getSignalingChannelEndpoint", $$$"""{"ChannelARN":"{{{channelArn}}}","SingleMasterChannelEndpointConfiguration":{"Protocols":["HTTPS"],"Role":"VIEWER"}}""")).Ok();
        return new Uri(response.Body.GetProperty("ResourceEndpointList")[0].GetProperty("ResourceEndpoint").GetString()!);
    }
}
