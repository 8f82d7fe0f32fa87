using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Runtime.Validation;

/// <summary>
/// Client-side checks of request members, made before anything goes on the network. Each failure
/// is an <see cref="ArgumentException"/> whose ParamName is the member's wire name. Only the cheap,
/// documented rules are checked here; the service keeps the rest.
/// </summary>
internal static partial class Require
{
    /// <summary>The request object itself.</summary>
    public static void NotNull<T>(T? request, string paramName)
        where T : class
    {
        if (request is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    /// <summary>"You must specify either the StreamName or the StreamARN" (and both are checked when given).</summary>
    public static void StreamNameOrArn(string? streamName, string? streamArn, string nameMember = "StreamName", string arnMember = "StreamARN")
    {
        if (streamName is null && streamArn is null)
        {
            throw new ArgumentException($"Specify either {nameMember} or {arnMember}.", nameMember);
        }

        if (streamName is not null)
        {
            StreamName(streamName, nameMember);
        }

        if (streamArn is not null)
        {
            ResourceArn(streamArn, arnMember);
        }
    }

    /// <summary>A stream name: 1 to 256 of <c>[a-zA-Z0-9_.-]</c>.</summary>
    public static void StreamName(string value, string member)
    {
        Length(value, 1, 256, member);
        if (!StreamNamePattern().IsMatch(value))
        {
            throw new ArgumentException($"{member} may contain only letters, digits, '_', '.' and '-'.", member);
        }
    }

    /// <summary>A resource ARN: 1 to 1024 characters shaped <c>arn:partition:service:region:account:resource</c>.</summary>
    public static void ResourceArn(string value, string member)
    {
        Length(value, 1, 1024, member);
        if (!ArnPattern().IsMatch(value))
        {
            throw new ArgumentException($"{member} is not an ARN (arn:aws:kinesisvideo:region:account:stream/name/creation-time).", member);
        }
    }

    /// <summary>A string whose length the API bounds.</summary>
    public static void Length(string value, int min, int max, string member)
    {
        if (value.Length < min || value.Length > max)
        {
            throw new ArgumentException($"{member} must be {min} to {max} characters long; it is {value.Length}.", member);
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex StreamNamePattern();

    [GeneratedRegex(@"^arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();
}
