using System.Net;
using System.Reflection;
using System.Text.Json;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Runtime.Errors;

public class ModeledErrorsTests
{
    [Test]
    public void Every_error_of_the_four_api_models_has_its_exception_type_with_the_modeled_status()
    {
        var models = SharedReference.Require("kvs-oracle/models");
        var declared = new Dictionary<string, int>();
        foreach (var file in Directory.EnumerateFiles(models, "*.service-2.json"))
        {
            using var model = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var shape in model.RootElement.GetProperty("shapes").EnumerateObject())
            {
                if (shape.Value.TryGetProperty("exception", out var isException) && isException.GetBoolean())
                {
                    declared[shape.Name] = shape.Value.GetProperty("error").GetProperty("httpStatusCode").GetInt32();
                }
            }
        }

        var assembly = typeof(KinesisVideoException).Assembly;
        Assert.Multiple(() =>
        {
            Assert.That(declared, Has.Count.GreaterThanOrEqualTo(20));
            foreach (var (name, status) in declared)
            {
                var type = assembly.GetType("KinesisVideo.Client.Runtime.Errors." + name);
                Assert.That(type, Is.Not.Null, name + " has no exception type");
                Assert.That(type!.IsSubclassOf(typeof(KinesisVideoException)), Is.True, name);
                var created = ErrorResponse.Create("Op", (HttpStatusCode)status, null, name, "req", """{"message":"m"}"""u8);
                Assert.That(created.GetType(), Is.EqualTo(type), name + " maps to its type");
                Assert.That(created.ErrorCode, Is.EqualTo(name));
            }
        });
    }

    [Test]
    public void Every_exception_type_is_an_error_the_models_declare()
    {
        var models = SharedReference.Require("kvs-oracle/models");
        var text = string.Concat(Directory.EnumerateFiles(models, "*.service-2.json").Select(File.ReadAllText));
        var types = typeof(KinesisVideoException).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(KinesisVideoException)) && t.Namespace == "KinesisVideo.Client.Runtime.Errors");

        Assert.Multiple(() =>
        {
            foreach (var type in types)
            {
                Assert.That(text, Does.Contain($"\"{type.Name}\":{{"), type.Name + " is not in the models");
            }
        });
    }
}
