using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KinesisVideo.Samples.AspNetCore;

/// <summary>
/// Healthy when DescribeStream answers for the stream "Sample:HealthStream" names and it is ACTIVE:
/// the credentials, the endpoint and the stream are all right. Degraded while the stream is not
/// ACTIVE; unhealthy when the call fails (the exception says whose fault it is).
/// </summary>
public sealed class StreamHealthCheck(KinesisVideoClient kvs, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var streamName = configuration["Sample:HealthStream"];
        if (string.IsNullOrEmpty(streamName))
        {
            return HealthCheckResult.Unhealthy("Sample:HealthStream names no stream to check.");
        }

        try
        {
            var stream = (await kvs.DescribeStreamAsync(new DescribeStreamRequest { StreamName = streamName }, cancellationToken)).StreamInfo;
            return stream?.Status == Status.ACTIVE
                ? HealthCheckResult.Healthy($"{streamName} is ACTIVE.")
                : HealthCheckResult.Degraded($"{streamName} is {stream?.Status}.");
        }
        catch (KinesisVideoException error)
        {
            return HealthCheckResult.Unhealthy($"DescribeStream {streamName} failed ({error.ErrorType} fault, {error.ErrorCode}).", error);
        }
    }
}
