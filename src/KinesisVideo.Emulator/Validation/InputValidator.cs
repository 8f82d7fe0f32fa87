using System.Globalization;
using System.Text.Json;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Validation;

/// <summary>
/// Checks a request body against its operation's input shape, as the service's front end does
/// before any operation runs: a value of the wrong JSON type is a <c>SerializationException</c>;
/// missing required members, lengths, ranges, patterns and enumerations are collected and reported
/// together as one <c>InvalidArgumentException</c> worded like the service's ("1 validation error
/// detected: Value ... at 'streamName' failed to satisfy constraint: ..."). Unknown members are
/// ignored, as the service ignores them.
/// </summary>
internal static class InputValidator
{
    public static void Validate(JsonElement input, Shape shape)
    {
        var violations = new List<string>();
        Visit(input, shape, path: "", violations);
        if (violations.Count > 0)
        {
            var count = violations.Count == 1 ? "1 validation error detected: " : $"{violations.Count} validation errors detected: ";
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, count + string.Join("; ", violations));
        }
    }

    private static void Visit(JsonElement value, Shape shape, string path, List<string> violations)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (shape.Kind)
        {
            case ShapeKind.Structure:
                Expect(value, JsonValueKind.Object, path);
                foreach (var member in shape.Members)
                {
                    var memberPath = Join(path, member.Name);
                    if (value.TryGetProperty(member.Name, out var memberValue) && memberValue.ValueKind != JsonValueKind.Null)
                    {
                        Visit(memberValue, member.Shape, memberPath, violations);
                    }
                    else if (member.IsRequired)
                    {
                        violations.Add($"Value null at '{memberPath}' failed to satisfy constraint: Member must not be null");
                    }
                }

                break;

            case ShapeKind.List:
                Expect(value, JsonValueKind.Array, path);
                CheckSize(value.GetArrayLength(), shape, path, violations, "length");
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    index++;
                    Visit(element, shape.Element!, $"{path}.{index}.member", violations);
                }

                break;

            case ShapeKind.Map:
                Expect(value, JsonValueKind.Object, path);
                var entries = value.EnumerateObject().ToList();
                CheckSize(entries.Count, shape, path, violations, "length");
                foreach (var entry in entries)
                {
                    CheckString(entry.Name, shape.Key!, $"{path}.key", violations);
                    Visit(entry.Value, shape.Element!, $"{path}.{entry.Name}.value", violations);
                }

                break;

            case ShapeKind.String:
                Expect(value, JsonValueKind.String, path);
                CheckString(value.GetString()!, shape, path, violations);
                break;

            case ShapeKind.Enum:
                Expect(value, JsonValueKind.String, path);
                CheckString(value.GetString()!, shape, path, violations);
                break;

            case ShapeKind.Integer:
                Expect(value, JsonValueKind.Number, path);
                if (!value.TryGetInt64(out var number))
                {
                    throw new ServiceErrorException(ErrorCodes.Serialization, $"The value at '{path}' is not an integer.");
                }

                if (number < shape.Min)
                {
                    violations.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {shape.Min}");
                }

                if (number > shape.Max)
                {
                    violations.Add($"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {shape.Max}");
                }

                break;

            case ShapeKind.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new ServiceErrorException(ErrorCodes.Serialization, $"The value at '{path}' is not a boolean.");
                }

                break;

            case ShapeKind.Timestamp:
                Expect(value, JsonValueKind.Number, path);
                break;
        }
    }

    private static void CheckString(string text, Shape shape, string path, List<string> violations)
    {
        if (shape.Kind == ShapeKind.Enum)
        {
            if (!shape.EnumValues.Contains(text, StringComparer.Ordinal))
            {
                violations.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", shape.EnumValues)}]");
            }

            return;
        }

        // The models count lengths in UTF-16 code units for these ASCII-patterned members.
        CheckSize(text.Length, shape, path, violations, "length", text);
        if (shape.PatternRegex is { } regex && !regex.IsMatch(text))
        {
            violations.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.Pattern}");
        }
    }

    private static void CheckSize(long size, Shape shape, string path, List<string> violations, string what, string? shown = null)
    {
        var value = shown is null ? "the value" : $"Value '{shown}'";
        if (size < shape.Min)
        {
            violations.Add($"{value} at '{path}' failed to satisfy constraint: Member must have {what} greater than or equal to {shape.Min}");
        }

        if (size > shape.Max)
        {
            violations.Add($"{value} at '{path}' failed to satisfy constraint: Member must have {what} less than or equal to {shape.Max}");
        }
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw new ServiceErrorException(ErrorCodes.Serialization, $"Expected {kind.ToString().ToLowerInvariant()} at '{(path.Length == 0 ? "(body)" : path)}' but found {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    // The service names members in messages with a lower-case first letter ('streamName').
    private static string Join(string path, string member)
    {
        var name = char.ToLower(member[0], CultureInfo.InvariantCulture) + member[1..];
        return path.Length == 0 ? name : path + "." + name;
    }
}
