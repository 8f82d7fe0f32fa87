namespace KinesisVideo.Client.Runtime.Validation;

/// <summary>
/// Client-side checks of request members, made before anything goes on the network. Each failure
/// is an <see cref="ArgumentException"/> whose ParamName is the member's path on the wire
/// (<c>StartSelector.StartSelectorType</c>). Only what the caller can fix and what cannot change
/// under a deployed client is checked here: required members, "either the name or the ARN" where
/// the API reference states it, and minimum lengths, counts and values. Upper bounds are left to
/// the service, which may raise them (as botocore does, and Azure's guidelines advise); patterns
/// and the rules that depend on state stay with the service too.
/// </summary>
internal static class Require
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

    /// <summary>A member the API marks required.</summary>
    public static void Present<T>(T? value, string member)
    {
        if (value is null || (value is string text && text.Length == 0))
        {
            throw new ArgumentException($"{member} is required.", member);
        }
    }

    /// <summary>"You must specify either the StreamName or the StreamARN."</summary>
    public static void OneOf(string? name, string? arn, string nameMember, string arnMember)
    {
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(arn))
        {
            throw new ArgumentException($"Specify either {nameMember} or {arnMember}.", nameMember);
        }
    }

    /// <summary>A string the API gives a minimum length.</summary>
    public static void MinLength(string value, int min, string member)
    {
        if (value.Length < min)
        {
            throw new ArgumentException($"{member} must be at least {min} characters long; it is {value.Length}.", member);
        }
    }

    /// <summary>A list or map the API gives a minimum number of entries.</summary>
    public static void MinCount(int count, int min, string member)
    {
        if (count < min)
        {
            throw new ArgumentException($"{member} must have at least {min} entries; it has {count}.", member);
        }
    }

    /// <summary>A number the API gives a minimum.</summary>
    public static void Minimum(long value, long min, string member)
    {
        if (value < min)
        {
            throw new ArgumentException($"{member} must be at least {min}; it is {value}.", member);
        }
    }
}
