// Calls a running emulator (or any Kinesis Video endpoint) through everything a trimmed, ahead-of-time
// compiled app would use: AddKinesisVideo with configuration binding, the four clients, paginators,
// data-endpoint lookup, typed errors and the ActivitySource. Exits non-zero on the first failure.
using System.Diagnostics;
using Amazon.Runtime;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.DependencyInjection;
using KinesisVideo.Client.Runtime.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: KinesisVideo.Client.AotSmoke <service-url> <region> <access-key-id> <secret-key>");
    return 2;
}

var spans = 0;
using var listener = new ActivityListener
{
    ShouldListenTo = source => source.Name == "KinesisVideo.Client",
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    ActivityStopped = _ => Interlocked.Increment(ref spans),
};
ActivitySource.AddActivityListener(listener);

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AWS:Region"] = args[1],
    ["AWS:ServiceURL"] = args[0],
    ["KinesisVideo:AttemptTimeout"] = "00:00:20",
    ["KinesisVideo:Retry:MaxRetries"] = "2",
}).Build();
var services = new ServiceCollection();
services.AddKinesisVideo(configuration).WithCredentials(new BasicAWSCredentials(args[2], args[3]));
await using var provider = services.BuildServiceProvider();
var controlPlane = provider.GetRequiredService<KinesisVideoClient>();
var archived = provider.GetRequiredService<KinesisVideoArchivedMediaClient>();

var name = "aot-smoke-" + Environment.ProcessId;
var created = await controlPlane.CreateStreamAsync(new CreateStreamRequest { StreamName = name, DataRetentionInHours = 1, MediaType = "video/h264" });
var described = await controlPlane.DescribeStreamAsync(new DescribeStreamRequest { StreamName = name });
var listed = new List<string>();
await foreach (var info in controlPlane.Paginators.ListStreams(new ListStreamsRequest { MaxResults = 1 }))
{
    listed.Add(info.StreamName!);
}

var now = DateTimeOffset.UtcNow;
var fragments = await archived.ListFragmentsAsync(new ListFragmentsRequest
{
    StreamARN = created.StreamARN,
    FragmentSelector = new FragmentSelector
    {
        FragmentSelectorType = FragmentSelectorType.SERVER_TIMESTAMP,
        TimestampRange = new TimestampRange { StartTimestamp = now.AddHours(-1), EndTimestamp = now },
    },
});
string? missing = null;
try
{
    await controlPlane.DescribeStreamAsync(new DescribeStreamRequest { StreamName = name + "-missing" });
}
catch (ResourceNotFoundException notFound)
{
    missing = $"{notFound.ErrorCode} ({notFound.ErrorType})";
}

Check(described.StreamInfo?.StreamARN == created.StreamARN, $"DescribeStream gave {described.StreamInfo?.StreamARN}");
Check(listed.Contains(name), "ListStreams, page by page, finds the stream");
Check(fragments.Fragments is { Count: 0 }, "ListFragments (through GetDataEndpoint) answers with no fragments");
Check(missing == "ResourceNotFoundException (Sender)", $"a missing stream is a typed error, the caller's fault: {missing}");
Check(spans >= 6, $"spans recorded: {spans}");
Console.WriteLine($"aot smoke: ok ({created.StreamARN}, {listed.Count} streams, {spans} spans)");
return 0;

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine("aot smoke: FAILED: " + what);
        Environment.Exit(1);
    }
}
