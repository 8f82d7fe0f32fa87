using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>
/// Every operation of the four API models over a real connection to a Kestrel server on 127.0.0.1:
/// a request with every member set (built from the model, not by the client's serializer) arrives
/// at the model's path with exactly the model's JSON and a valid signature; a response with every
/// member set is read back into the typed output without losing a member.
/// </summary>
public class OperationWireTests : FakeServerTest
{
    private static readonly byte[] s_media = Encoding.ASCII.GetBytes("\u001aE\u00df\u00a3 not really MKV, just bytes to hand over");

    [TestCaseSource(typeof(ApiModel), nameof(ApiModel.AllOperations))]
    public async Task Request_and_response_carry_every_member(string stem, string operation)
    {
        var model = ApiModel.Load(stem);
        var op = model.Operation(operation);
        var path = op.GetProperty("http").GetProperty("requestUri").GetString()!;
        var inputShape = op.GetProperty("input").GetProperty("shape").GetString()!;
        var outputShape = op.GetProperty("output").GetProperty("shape").GetString()!;
        var expectedRequest = model.Sample(inputShape, inputShape);
        var output = model.Shape(outputShape);
        var streaming = output.TryGetProperty("payload", out var payloadName) && model.IsStreaming(output.GetProperty("members").GetProperty(payloadName.GetString()!));
        var sampleResponse = model.Sample(outputShape, outputShape);
        Server.Fallback = context => Answer(context, path, streaming, sampleResponse);

        var request = SampleObjects.Build(model.ModelType(operation + "Request"), expectedRequest);
        var constructor = model.ClientType.GetConstructors().Single(c => c.GetParameters()[0].ParameterType == typeof(KinesisVideoClientOptions));
        var arguments = constructor.GetParameters().Select((p, i) => i == 0 ? TestClients.Options(Server, Time) : p.DefaultValue).ToArray();
        using var client = (KinesisVideoServiceClient)constructor.Invoke(arguments);
        var call = (Task)model.ClientType.GetMethod(operation + "Async", [request.GetType(), typeof(CancellationToken)])!.Invoke(client, [request, CancellationToken.None])!;
        await call;
        var response = call.GetType().GetProperty("Result")!.GetValue(call)!;

        var sent = Server.Requests.Single(r => r.Path == path);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo("POST"));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(sent.Body), expectedRequest), Is.True, $"sent {sent.BodyText}\nexpected {expectedRequest.ToJsonString()}");
            Assert.That(sent.Headers["Content-Type"], Is.EqualTo("application/json"));
            Assert.That(sent.Headers["Authorization"], Does.Contain("/us-west-2/kinesisvideo/aws4_request"));
            Assert.That(SigV4Verifier.Verify(sent, TestClients.SecretKey, TestClients.Region, "kinesisvideo"), Is.Null);
            Assert.That(((KinesisVideoResponse)response).RequestId, Is.EqualTo("req-" + operation));
        });

        if (streaming)
        {
            var streamingResponse = (IStreamingResponse)response;
            using var copy = new MemoryStream();
            await streamingResponse.Payload.CopyToAsync(copy);
            await streamingResponse.DisposeAsync();
            Assert.Multiple(() =>
            {
                Assert.That(copy.ToArray(), Is.EqualTo(s_media));
                Assert.That(streamingResponse.ContentType, Is.EqualTo("video/webm"));
            });
        }
        else
        {
            var context = (JsonSerializerContext)model.ClientType.Assembly.GetType($"KinesisVideo.Client.{model.Folder}.{model.Folder}JsonContext")!
                .GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var readBack = JsonNode.Parse(JsonSerializer.Serialize(response, context.GetTypeInfo(response.GetType())!));
            Assert.That(JsonNode.DeepEquals(readBack, sampleResponse), Is.True, $"read back {readBack!.ToJsonString()}\nsent {sampleResponse.ToJsonString()}");
        }
    }

    private async Task Answer(HttpContext context, string operationPath, bool streaming, JsonNode sampleResponse)
    {
        var path = context.Request.Path.Value;
        if (path == "/getDataEndpoint" && operationPath != path)
        {
            await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, new JsonObject { ["DataEndpoint"] = Server.Url.ToString().TrimEnd('/') }.ToJsonString());
        }
        else if (path == "/getSignalingChannelEndpoint" && operationPath != path)
        {
            var endpoints = new JsonObject { ["ResourceEndpointList"] = new JsonArray(new JsonObject { ["Protocol"] = "HTTPS", ["ResourceEndpoint"] = Server.Url.ToString().TrimEnd('/') }) };
            await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, endpoints.ToJsonString());
        }
        else if (streaming)
        {
            context.Response.Headers["x-amzn-RequestId"] = "req-" + OperationName(operationPath);
            context.Response.ContentType = "video/webm";
            await context.Response.Body.WriteAsync(s_media);
        }
        else
        {
            await FakeKinesisVideoServer.Respond(context, HttpStatusCode.OK, sampleResponse.ToJsonString(), ("x-amzn-RequestId", "req-" + OperationName(operationPath)));
        }
    }

    private static string OperationName(string path)
    {
        var name = path.Split('/')[^1];
        return name switch
        {
            "get-ice-server-config" => "GetIceServerConfig",
            "send-alexa-offer-to-master" => "SendAlexaOfferToMaster",
            _ => char.ToUpperInvariant(name[0]) + name[1..],
        };
    }
}
