using System.Reflection;
using System.Text.Json.Serialization;
using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.Tests.Operations;

/// <summary>
/// Every operation, member, wire name and paginator of the four API models exists in the client,
/// with a type of the right kind.
/// </summary>
public class CompletenessTests
{
    [TestCaseSource(typeof(ApiModel), nameof(ApiModel.AllOperations))]
    public void Every_operation_has_its_method_request_and_response_with_every_member(string stem, string operation)
    {
        var model = ApiModel.Load(stem);
        var op = model.Operation(operation);
        var requestType = model.ModelType(operation + "Request");
        var responseType = model.ModelType(operation + "Response");

        var method = model.ClientType.GetMethod(operation + "Async", [requestType, typeof(CancellationToken)]);
        Assert.Multiple(() =>
        {
            Assert.That(method, Is.Not.Null, $"{model.ClientName}.{operation}Async");
            Assert.That(method!.ReturnType, Is.EqualTo(typeof(Task<>).MakeGenericType(responseType)));
            Assert.That(method.IsVirtual, Is.True, "mockable");
            Assert.That(responseType.IsSubclassOf(typeof(KinesisVideoResponse)), Is.True, "responses expose the request id");
            AssertMembers(model, op.GetProperty("input").GetProperty("shape").GetString()!, requestType);
            if (op.TryGetProperty("output", out var output))
            {
                AssertMembers(model, output.GetProperty("shape").GetString()!, responseType);
            }
        });
    }

    [Test]
    public void Every_paginator_of_the_models_exists_and_pages_by_its_tokens()
    {
        var checkedCount = 0;
        foreach (var (stem, _, _) in ApiModel.Services)
        {
            var model = ApiModel.Load(stem);
            if (model.Paginators is not { } paginators || !paginators.EnumerateObject().Any())
            {
                continue;
            }

            var paginatorsType = model.ClientType.Assembly.GetType($"KinesisVideo.Client.{model.Folder}.{model.ClientName}Paginators", throwOnError: true)!;
            Assert.That(model.ClientType.GetProperty("Paginators")?.PropertyType, Is.EqualTo(paginatorsType));
            foreach (var paginator in paginators.EnumerateObject())
            {
                var op = paginator.Name;
                var method = paginatorsType.GetMethod(op, [model.ModelType(op + "Request")]);
                Assert.That(method, Is.Not.Null, $"{paginatorsType.Name}.{op}");
                Assert.That(method!.ReturnType.GetGenericTypeDefinition(), Is.EqualTo(typeof(Paginator<,,>)));
                Assert.That(model.ModelType(op + "Request").GetProperty(paginator.Value.GetProperty("input_token").GetString()!), Is.Not.Null);
                Assert.That(model.ModelType(op + "Response").GetProperty(paginator.Value.GetProperty("output_token").GetString()!), Is.Not.Null);
                Assert.That(model.ModelType(op + "Response").GetProperty(paginator.Value.GetProperty("result_key").GetString()!), Is.Not.Null);
                checkedCount++;
            }
        }

        Assert.That(checkedCount, Is.EqualTo(6), "ListStreams, ListSignalingChannels, DescribeMappedResourceConfiguration, ListEdgeAgentConfigurations, ListFragments, GetImages");
    }

    // What the clients offer beyond the models' operations: the streaming work written by hand on top
    // of them (PutMedia is in no model: AWS's SDKs generate none; parsed and resuming reads, downloads).
    private static readonly Dictionary<string, string[]> s_beyondTheModel = new()
    {
        ["KinesisVideoMediaClient"] = ["StartPutMediaAsync", "PutMediaAsync", "ReadMediaAsync"],
        ["KinesisVideoArchivedMediaClient"] = ["ReadMediaForFragmentListAsync", "DownloadMediaAsync"],
    };

    [Test]
    public void The_four_clients_have_every_operation_and_nothing_else()
    {
        var total = 0;
        foreach (var (stem, _, _) in ApiModel.Services)
        {
            var model = ApiModel.Load(stem);
            var expected = model.Operations.Select(o => o.GetProperty("name").GetString() + "Async").Order().ToList();
            var beyond = s_beyondTheModel.GetValueOrDefault(model.ClientName, []);
            var actual = model.ClientType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && !beyond.Contains(m.Name)).Select(m => m.Name)
                // An operation may have overloads (GetIceServerConfig with and without a signaling role).
                .Distinct().Order().ToList();
            Assert.That(actual, Is.EqualTo(expected), model.ClientName);
            total += expected.Count;
        }

        Assert.That(total, Is.EqualTo(32 + 6 + 1 + 2));
    }

    private static void AssertMembers(ApiModel model, string shapeName, Type type)
    {
        foreach (var member in model.Shape(shapeName).GetProperty("members").EnumerateObject())
        {
            var property = type.GetProperties().SingleOrDefault(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name) == member.Name);
            Assert.That(property, Is.Not.Null, $"{type.Name}.{member.Name}");
            if (property is null)
            {
                continue;
            }

            var kind = model.Shape(member.Value.GetProperty("shape").GetString()!).GetProperty("type").GetString();
            var actual = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var ok = kind switch
            {
                "string" => actual == typeof(string) || actual.IsValueType,
                "integer" => actual == typeof(int),
                "long" => actual == typeof(long),
                "boolean" => actual == typeof(bool),
                "double" or "float" => actual == typeof(double),
                "timestamp" => actual == typeof(DateTimeOffset),
                "blob" => actual == typeof(byte[]) || actual == typeof(Stream),
                "list" => actual.IsGenericType && actual.GetGenericTypeDefinition() == typeof(List<>),
                "map" => actual.IsGenericType && actual.GetGenericTypeDefinition() == typeof(Dictionary<,>),
                "structure" => actual.IsClass,
                _ => false,
            };
            Assert.That(ok, Is.True, $"{type.Name}.{member.Name} is {actual.Name}, the model says {kind}");
        }
    }
}
