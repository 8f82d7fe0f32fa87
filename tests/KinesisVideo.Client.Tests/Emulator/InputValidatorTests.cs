using System.Text.Json;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.Validation;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>The model-driven input validator on its own: what it reports and how the service words it.</summary>
public class InputValidatorTests
{
    private static readonly Shape Name = Shape.String(min: 1, max: 8, pattern: "[a-z]+");
    private static readonly Shape Input = Shape.Structure(
        Member.Required("Name", Name),
        Member.Optional("Count", Shape.Integer(min: 1, max: 10)),
        Member.Optional("Mode", Shape.Enum("ON", "OFF")),
        Member.Optional("Nested", Shape.Structure(Member.Required("Inner", Name))),
        Member.Optional("Items", Shape.List(Name, min: 1, max: 2)),
        Member.Optional("Map", Shape.Map(Name, Name, max: 1)),
        Member.Optional("Flag", Shape.Boolean()));

    [Test]
    public void A_valid_input_passes_and_unknown_members_are_ignored() =>
        Assert.That(() => Validate("""{"Name":"abc","Count":10,"Mode":"ON","Nested":{"Inner":"x"},"Items":["a"],"Map":{"k":"v"},"Flag":true,"Other":1}"""), Throws.Nothing);

    [Test]
    public void The_pattern_must_match_the_whole_value() =>
        Assert.That(Fails("""{"Name":"abc1"}""").Message, Is.EqualTo("1 validation error detected: Value 'abc1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+"));

    [Test]
    public void All_violations_are_reported_together_with_nested_paths()
    {
        var error = Fails("""{"Count":11,"Nested":{},"Items":["a","b","c"],"Mode":"MAYBE","Map":{"a":"b","c":"d"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("InvalidArgumentException"));
            Assert.That(error.StatusCode, Is.EqualTo(400));
            Assert.That(error.Message, Does.StartWith("6 validation errors detected: "));
            Assert.That(error.Message, Does.Contain("Value null at 'name' failed to satisfy constraint: Member must not be null"));
            Assert.That(error.Message, Does.Contain("Value '11' at 'count' failed to satisfy constraint: Member must have value less than or equal to 10"));
            Assert.That(error.Message, Does.Contain("Value null at 'nested.inner'"));
            Assert.That(error.Message, Does.Contain("at 'items' failed to satisfy constraint: Member must have length less than or equal to 2"));
            Assert.That(error.Message, Does.Contain("Member must satisfy enum value set: [ON, OFF]"));
            Assert.That(error.Message, Does.Contain("at 'map' failed to satisfy constraint: Member must have length less than or equal to 1"));
        });
    }

    [Test]
    public void An_explicit_null_reads_as_absent() =>
        Assert.That(Fails("""{"Name":null}""").Message, Does.Contain("Value null at 'name'"));

    [TestCase("""{"Name":1}""")]
    [TestCase("""{"Name":"a","Count":"1"}""")]
    [TestCase("""{"Name":"a","Count":1.5}""")]
    [TestCase("""{"Name":"a","Flag":"true"}""")]
    [TestCase("""[]""")]
    public void A_member_of_the_wrong_json_type_is_a_SerializationException(string json) =>
        Assert.That(Fails(json).Code, Is.EqualTo("SerializationException"));

    private static void Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        InputValidator.Validate(document.RootElement, Input);
    }

    private static ServiceErrorException Fails(string json) => Assert.Throws<ServiceErrorException>(() => Validate(json))!;
}
