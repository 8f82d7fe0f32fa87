namespace KinesisVideo.Client.Runtime.Validation;

/// <summary>
/// Client-side checks of request members, made before anything goes on the network. Each failure
/// is an <see cref="ArgumentException"/> whose ParamName is the member's path on the wire
/// (<c>StartSelector.StartSelectorType</c>). Only what is cheap and documented is checked here —
/// required members, "either the name or the ARN", lengths, counts and ranges; patterns and the
/// rules that depend on state stay with the service.
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

    /// <summary>A string whose length the API bounds.</summary>
    public static void Length(string value, int min, int max, string member)
    {
        if (value.Length < min || value.Length > max)
        {
            throw new ArgumentException($"{member} must be {min} to {max} characters long; it is {value.Length}.", member);
        }
    }

    /// <summary>A list or map whose number of entries the API bounds.</summary>
    public static void Count(int count, int min, int max, string member)
    {
        if (count < min || count > max)
        {
            throw new ArgumentException($"{member} must have {min} to {max} entries; it has {count}.", member);
        }
    }

    /// <summary>A number the API bounds.</summary>
    public static void Range(long value, long min, long max, string member)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"{member} must be between {min} and {max}; it is {value}.", member);
        }
    }
}
