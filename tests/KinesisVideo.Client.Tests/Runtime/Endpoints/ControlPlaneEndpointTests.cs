using KinesisVideo.Client.Runtime.Endpoints;

namespace KinesisVideo.Client.Tests.Runtime.Endpoints;

public class ControlPlaneEndpointTests
{
    [TestCase("us-west-2", false, false, "https://kinesisvideo.us-west-2.amazonaws.com/", "aws")]
    [TestCase("eu-central-1", false, false, "https://kinesisvideo.eu-central-1.amazonaws.com/", "aws")]
    [TestCase("us-east-1", true, false, "https://kinesisvideo-fips.us-east-1.amazonaws.com/", "aws")]
    [TestCase("us-east-1", false, true, "https://kinesisvideo.us-east-1.api.aws/", "aws")]
    [TestCase("us-east-1", true, true, "https://kinesisvideo-fips.us-east-1.api.aws/", "aws")]
    [TestCase("cn-north-1", false, false, "https://kinesisvideo.cn-north-1.amazonaws.com.cn/", "aws-cn")]
    [TestCase("cn-northwest-1", false, true, "https://kinesisvideo.cn-northwest-1.api.amazonwebservices.com.cn/", "aws-cn")]
    [TestCase("us-gov-west-1", false, false, "https://kinesisvideo.us-gov-west-1.amazonaws.com/", "aws-us-gov")]
    [TestCase("us-gov-east-1", true, false, "https://kinesisvideo-fips.us-gov-east-1.amazonaws.com/", "aws-us-gov")]
    [TestCase("us-gov-west-1", true, true, "https://kinesisvideo-fips.us-gov-west-1.api.aws/", "aws-us-gov")]
    [TestCase("us-iso-east-1", false, false, "https://kinesisvideo.us-iso-east-1.c2s.ic.gov/", "aws-iso")]
    [TestCase("us-isob-east-1", false, false, "https://kinesisvideo.us-isob-east-1.sc2s.sgov.gov/", "aws-iso-b")]
    [TestCase("eu-isoe-west-1", false, false, "https://kinesisvideo.eu-isoe-west-1.cloud.adc-e.uk/", "aws-iso-e")]
    [TestCase("us-isof-south-1", false, false, "https://kinesisvideo.us-isof-south-1.csp.hci.ic.gov/", "aws-iso-f")]
    [TestCase("eusc-de-east-1", false, false, "https://kinesisvideo.eusc-de-east-1.amazonaws.eu/", "aws-eusc")]
    [TestCase("xy-future-9", false, false, "https://kinesisvideo.xy-future-9.amazonaws.com/", "aws")]
    public void Resolves_the_control_plane_of_every_partition(string region, bool fips, bool dualStack, string expected, string partition)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ControlPlaneEndpoint.Resolve(region, fips, dualStack), Is.EqualTo(new Uri(expected)));
            Assert.That(ControlPlaneEndpoint.PartitionOf(region), Is.EqualTo(partition));
        });
    }

    [TestCase("us-iso-east-1")]
    [TestCase("us-isob-east-1")]
    public void Partitions_without_dual_stack_refuse_it(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => ControlPlaneEndpoint.Resolve(region, useDualStack: true));
        Assert.That(error!.ParamName, Is.EqualTo("useDualStack"));
    }

    [TestCase("")]
    [TestCase("US-WEST-2")]
    [TestCase("us-west-2.evil.com/")]
    [TestCase("us west 2")]
    [TestCase("uswest2")]
    public void Rejects_what_is_not_a_region_name(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => ControlPlaneEndpoint.Resolve(region));
        Assert.That(error!.ParamName, Is.EqualTo("region"));
    }
}
