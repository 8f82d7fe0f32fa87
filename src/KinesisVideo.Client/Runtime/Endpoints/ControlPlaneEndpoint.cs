namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// The control-plane URL of Kinesis Video Streams for a region: <c>kinesisvideo</c> (or
/// <c>kinesisvideo-fips</c>) under the partition's DNS suffix, or its dual-stack suffix.
/// </summary>
public static class ControlPlaneEndpoint
{
    /// <summary>The endpoint prefix of the service in every partition.</summary>
    public const string ServicePrefix = "kinesisvideo";

    /// <summary>Resolves the control-plane URL for <paramref name="region"/>.</summary>
    /// <param name="region">The region, for example <c>us-west-2</c>.</param>
    /// <param name="useFips">Use the FIPS 140-validated endpoint.</param>
    /// <param name="useDualStack">Use the dual-stack (IPv4 and IPv6) endpoint.</param>
    /// <exception cref="ArgumentException">The region is not a region name, or its partition offers no such endpoint.</exception>
    public static Uri Resolve(string region, bool useFips = false, bool useDualStack = false)
    {
        RegionName.Validate(region, nameof(region));
        var partition = Partition.Of(region);
        if (useFips && !partition.SupportsFips)
        {
            throw new ArgumentException($"The {partition.Name} partition has no FIPS endpoint for Kinesis Video Streams.", nameof(useFips));
        }

        string suffix;
        if (useDualStack)
        {
            suffix = partition.DualStackDnsSuffix
                ?? throw new ArgumentException($"The {partition.Name} partition has no dual-stack endpoint for Kinesis Video Streams.", nameof(useDualStack));
        }
        else
        {
            suffix = partition.DnsSuffix;
        }

        var host = $"{ServicePrefix}{(useFips ? "-fips" : "")}.{region}.{suffix}";
        return new Uri("https://" + host + "/", UriKind.Absolute);
    }

    /// <summary>The partition name (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, ...) of <paramref name="region"/>.</summary>
    /// <param name="region">The region.</param>
    public static string PartitionOf(string region)
    {
        RegionName.Validate(region, nameof(region));
        return Partition.Of(region).Name;
    }
}
