using System.Text.RegularExpressions;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// An AWS partition: which regions belong to it and the DNS suffixes its endpoints use
/// (the region patterns and suffixes of the AWS SDKs' partition data).
/// </summary>
internal sealed partial record Partition(string Name, Regex Regions, string DnsSuffix, string? DualStackDnsSuffix, bool SupportsFips)
{
    public static readonly IReadOnlyList<Partition> All =
    [
        new("aws", AwsRegions(), "amazonaws.com", "api.aws", SupportsFips: true),
        new("aws-cn", ChinaRegions(), "amazonaws.com.cn", "api.amazonwebservices.com.cn", SupportsFips: true),
        new("aws-us-gov", GovCloudRegions(), "amazonaws.com", "api.aws", SupportsFips: true),
        new("aws-iso", IsoRegions(), "c2s.ic.gov", null, SupportsFips: true),
        new("aws-iso-b", IsoBRegions(), "sc2s.sgov.gov", null, SupportsFips: true),
        new("aws-iso-e", IsoERegions(), "cloud.adc-e.uk", null, SupportsFips: true),
        new("aws-iso-f", IsoFRegions(), "csp.hci.ic.gov", null, SupportsFips: true),
        new("aws-eusc", EuscRegions(), "amazonaws.eu", null, SupportsFips: true),
    ];

    /// <summary>The partition of <paramref name="region"/>; unknown region names fall in <c>aws</c>, as in the AWS SDKs.</summary>
    public static Partition Of(string region)
    {
        foreach (var partition in All)
        {
            if (partition.Regions.IsMatch(region))
            {
                return partition;
            }
        }

        return All[0];
    }

    [GeneratedRegex(@"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$")]
    private static partial Regex AwsRegions();

    [GeneratedRegex(@"^cn\-\w+\-\d+$")]
    private static partial Regex ChinaRegions();

    [GeneratedRegex(@"^us\-gov\-\w+\-\d+$")]
    private static partial Regex GovCloudRegions();

    [GeneratedRegex(@"^us\-iso\-\w+\-\d+$")]
    private static partial Regex IsoRegions();

    [GeneratedRegex(@"^us\-isob\-\w+\-\d+$")]
    private static partial Regex IsoBRegions();

    [GeneratedRegex(@"^eu\-isoe\-\w+\-\d+$")]
    private static partial Regex IsoERegions();

    [GeneratedRegex(@"^us\-isof\-\w+\-\d+$")]
    private static partial Regex IsoFRegions();

    [GeneratedRegex(@"^eusc\-(de)\-\w+\-\d+$")]
    private static partial Regex EuscRegions();
}
