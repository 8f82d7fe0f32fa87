using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>Checks that a string is shaped like an AWS region name before it goes into a host name.</summary>
internal static partial class RegionName
{
    public static void Validate(string? region, string paramName)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new ArgumentException("A region is required, for example \"us-west-2\".", paramName);
        }

        if (!Shape().IsMatch(region))
        {
            throw new ArgumentException($"\"{region}\" is not a region name; expected something like \"us-west-2\".", paramName);
        }
    }

    // Lower-case words joined by '-', ending in a number: us-west-2, us-gov-east-1, eu-isoe-west-1.
    [GeneratedRegex(@"^[a-z]{2,}(-[a-z]+)+-\d{1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
