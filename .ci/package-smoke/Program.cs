// Starts the emulator from the KinesisVideo.Emulator package in-process and calls it with the
// KinesisVideo.Client package, as the packages' READMEs show. Exits non-zero when a call misbehaves.
using Amazon.Runtime;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;

await using var emulator = await KinesisVideoEmulator.StartAsync(new KinesisVideoEmulatorOptions());
var key = emulator.Credentials[0];
using var client = new KinesisVideoClient(new KinesisVideoClientOptions
{
    Region = emulator.Region,
    ServiceUrl = emulator.ServiceUrl,
    Credentials = new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
});

var created = await client.CreateStreamAsync(new CreateStreamRequest { StreamName = "package-smoke", DataRetentionInHours = 24 });
var described = await client.DescribeStreamAsync(new DescribeStreamRequest { StreamARN = created.StreamARN });
var endpoint = await client.GetDataEndpointAsync(new GetDataEndpointRequest { StreamARN = created.StreamARN, APIName = APIName.PUT_MEDIA });

if (described.StreamInfo?.StreamName != "package-smoke" || new Uri(endpoint.DataEndpoint!) != emulator.DataEndpoint)
{
    Console.Error.WriteLine($"package smoke: FAILED: {described.StreamInfo?.StreamName}, {endpoint.DataEndpoint} (expected {emulator.DataEndpoint})");
    return 1;
}

Console.WriteLine($"package smoke: ok ({described.StreamInfo.StreamARN} is {described.StreamInfo.Status}; data endpoint {endpoint.DataEndpoint})");
return 0;
