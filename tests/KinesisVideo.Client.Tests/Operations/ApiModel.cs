using System.Text.Json;
using System.Text.Json.Nodes;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>
/// One of the four API models in ../shared/kvs-oracle/models, and the client types it maps to.
/// Also builds sample values for any shape, as JSON straight from the model, so a test can compare
/// what the client sends and reads with something the client's own serializer did not produce.
/// </summary>
public sealed class ApiModel
{
    public static readonly (string Stem, string Folder, string Client)[] Services =
    [
        ("kinesisvideo", "ControlPlane", "KinesisVideoClient"),
        ("kinesis-video-archived-media", "ArchivedMedia", "KinesisVideoArchivedMediaClient"),
        ("kinesis-video-media", "Media", "KinesisVideoMediaClient"),
        ("kinesis-video-signaling", "Signaling", "KinesisVideoSignalingClient"),
    ];

    private ApiModel(string stem, string folder, string client, JsonElement model, JsonElement? paginators)
    {
        Stem = stem;
        Folder = folder;
        ClientName = client;
        Model = model;
        Paginators = paginators;
    }

    public string Stem { get; }

    public string Folder { get; }

    public string ClientName { get; }

    public JsonElement Model { get; }

    public JsonElement? Paginators { get; }

    public JsonElement Shapes => Model.GetProperty("shapes");

    public IEnumerable<JsonElement> Operations => Model.GetProperty("operations").EnumerateObject().Select(p => p.Value);

    public Type ClientType => typeof(KinesisVideo.Client.Runtime.KinesisVideoServiceClient).Assembly.GetType($"KinesisVideo.Client.{Folder}.{ClientName}", throwOnError: true)!;

    public Type ModelType(string className) => ClientType.Assembly.GetType($"KinesisVideo.Client.{Folder}.Model.{className}", throwOnError: true)!;

    public static ApiModel Load(string stem)
    {
        var folder = SharedReference.Require("kvs-oracle/models");
        var (_, name, client) = Services.Single(s => s.Stem == stem);
        var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, stem + ".service-2.json"))).RootElement;
        var pagFile = Path.Combine(folder, stem + ".paginators-1.json");
        JsonElement? pag = File.Exists(pagFile) ? JsonDocument.Parse(File.ReadAllText(pagFile)).RootElement.GetProperty("pagination") : null;
        return new ApiModel(stem, name, client, model, pag);
    }

    /// <summary>One case per operation of every model; a single ignored case when ../shared is absent.</summary>
    public static IEnumerable<TestCaseData> AllOperations()
    {
        if (SharedReference.Root is null)
        {
            yield return new TestCaseData(null, null).Ignore("../shared/kvs-oracle/models is not present beside the repository.");
            yield break;
        }

        foreach (var (stem, _, _) in Services)
        {
            var model = Load(stem);
            foreach (var op in model.Operations)
            {
                yield return new TestCaseData(stem, op.GetProperty("name").GetString()).SetArgDisplayNames(stem, op.GetProperty("name").GetString()!);
            }
        }
    }

    public JsonElement Operation(string name) => Model.GetProperty("operations").GetProperty(name);

    public JsonElement Shape(string name) => Shapes.GetProperty(name);

    /// <summary>A sample JSON value of <paramref name="shapeName"/> with every member set, as the wire carries it.</summary>
    public JsonNode Sample(string shapeName, string memberName, int depth = 0)
    {
        var shape = Shape(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "string":
                if (shape.TryGetProperty("enum", out var values))
                {
                    return JsonValue.Create(values[0].GetString())!;
                }

                var min = shape.TryGetProperty("min", out var mn) ? mn.GetInt32() : 1;
                var max = shape.TryGetProperty("max", out var mx) ? mx.GetInt32() : 64;
                var text = "s-" + memberName;
                while (text.Length < min)
                {
                    text += "x";
                }

                return JsonValue.Create(text.Length > max ? text[..max] : text)!;
            case "integer":
            case "long":
                return JsonValue.Create(shape.TryGetProperty("min", out var lo) ? Math.Max(lo.GetInt64(), 1) : 7)!;
            case "double":
            case "float":
                return JsonValue.Create(1.5)!;
            case "boolean":
                return JsonValue.Create(true)!;
            case "timestamp":
                return JsonValue.Create(1700000000.5m)!;
            case "blob":
                return JsonValue.Create("AQID")!;
            case "list":
                var count = shape.TryGetProperty("min", out var lmin) ? Math.Max(lmin.GetInt32(), 1) : 1;
                var array = new JsonArray();
                for (var i = 0; i < count; i++)
                {
                    array.Add(Sample(shape.GetProperty("member").GetProperty("shape").GetString()!, memberName, depth + 1));
                }

                return array;
            case "map":
                var key = Sample(shape.GetProperty("key").GetProperty("shape").GetString()!, memberName + "Key", depth + 1).GetValue<string>();
                return new JsonObject { [key] = Sample(shape.GetProperty("value").GetProperty("shape").GetString()!, memberName, depth + 1) };
            case "structure":
                var obj = new JsonObject();
                if (depth > 6)
                {
                    return obj;
                }

                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    if (member.Value.TryGetProperty("location", out _) || IsStreaming(member.Value))
                    {
                        continue;
                    }

                    obj[member.Name] = Sample(member.Value.GetProperty("shape").GetString()!, member.Name, depth + 1);
                }

                return obj;
            default:
                throw new InvalidOperationException(shapeName);
        }
    }

    public bool IsStreaming(JsonElement member) =>
        Shape(member.GetProperty("shape").GetString()!).TryGetProperty("streaming", out var s) && s.GetBoolean();
}
