using System.Text.RegularExpressions;

namespace KinesisVideo.Emulator.Validation;

/// <summary>The kinds of value an API model's shape can describe.</summary>
internal enum ShapeKind
{
    String,
    Enum,
    Integer,
    Boolean,
    Timestamp,
    Structure,
    List,
    Map,
}

/// <summary>
/// One input shape of an API model with the constraints the service enforces on it: length (strings,
/// lists, maps) or value range (integers), pattern, enumeration, and members for structures. The
/// tables in <c>*Schemas.g.cs</c> are written from the models by tools/generate-emulator-schemas.py.
/// </summary>
internal sealed class Shape
{
    private Shape(ShapeKind kind) => Kind = kind;

    public ShapeKind Kind { get; }

    public long? Min { get; private init; }

    public long? Max { get; private init; }

    /// <summary>The model's pattern as written, for messages.</summary>
    public string? Pattern { get; private init; }

    /// <summary>The pattern matched against the whole value, as the service's validation does.</summary>
    public Regex? PatternRegex { get; private init; }

    public IReadOnlyList<string> EnumValues { get; private init; } = [];

    public IReadOnlyList<Member> Members { get; private init; } = [];

    /// <summary>The element shape of a list, the value shape of a map.</summary>
    public Shape? Element { get; private init; }

    /// <summary>The key shape of a map.</summary>
    public Shape? Key { get; private init; }

    public static Shape String(long? min = null, long? max = null, string? pattern = null) => new(ShapeKind.String)
    {
        Min = min,
        Max = max,
        Pattern = pattern,
        PatternRegex = pattern is null ? null : new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant),
    };

    public static Shape Enum(params string[] values) => new(ShapeKind.Enum) { EnumValues = values };

    public static Shape Integer(long? min = null, long? max = null) => new(ShapeKind.Integer) { Min = min, Max = max };

    public static Shape Boolean() => new(ShapeKind.Boolean);

    public static Shape Timestamp() => new(ShapeKind.Timestamp);

    public static Shape Structure(params Member[] members) => new(ShapeKind.Structure) { Members = members };

    public static Shape List(Shape element, long? min = null, long? max = null) => new(ShapeKind.List) { Element = element, Min = min, Max = max };

    public static Shape Map(Shape key, Shape value, long? min = null, long? max = null) => new(ShapeKind.Map) { Key = key, Element = value, Min = min, Max = max };
}

/// <summary>A member of a structure shape: its wire name, its shape, and whether the model requires it.</summary>
internal sealed record Member(string Name, Shape Shape, bool IsRequired)
{
    public static Member Required(string name, Shape shape) => new(name, shape, true);

    public static Member Optional(string name, Shape shape) => new(name, shape, false);
}

/// <summary>An operation of an API model: its name, the path it is posted to, and its input shape.</summary>
internal sealed record OperationSchema(string Name, string Path, Shape Input);
