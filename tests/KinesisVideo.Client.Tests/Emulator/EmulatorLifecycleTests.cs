using System.Net;
using Amazon.Runtime;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Validation;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>Starting and stopping the emulator, serving every model operation, and load from parallel callers.</summary>
public class EmulatorLifecycleTests
{
    [Test]
    public async Task StartAsync_completes_promptly_with_three_loopback_origins()
    {
        var start = KinesisVideoEmulator.StartAsync();
        // A generous bound: the point is that starting does not hang, not how fast it is.
        await using var emulator = await start.WaitAsync(TimeSpan.FromSeconds(10));

        var origins = new[] { emulator.ServiceUrl, emulator.DataEndpoint, emulator.SignalingEndpoint };
        Assert.Multiple(() =>
        {
            Assert.That(origins.Select(u => u.Host), Is.All.EqualTo("127.0.0.1"));
            Assert.That(origins.Select(u => u.Port), Is.Unique);
            Assert.That(emulator.Region, Is.EqualTo("us-west-2"));
            Assert.That(emulator.Credentials.Single(), Is.EqualTo(KinesisVideo.Emulator.Auth.EmulatorCredentials.Default));
        });
    }

    [Test]
    public async Task Disposing_stops_every_origin()
    {
        var emulator = await KinesisVideoEmulator.StartAsync();
        var origins = new[] { emulator.ServiceUrl, emulator.DataEndpoint, emulator.SignalingEndpoint };

        await emulator.DisposeAsync();

        using var http = new HttpClient();
        foreach (var origin in origins)
        {
            Assert.That(async () => await http.GetAsync(origin), Throws.InstanceOf<HttpRequestException>(), origin.ToString());
        }
    }

    [Test]
    public void The_control_plane_has_a_handler_for_each_of_the_32_model_operations()
    {
        var served = OperationRegistry.ControlPlane().All.Select(o => o.Schema.Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(served, Has.Count.EqualTo(32));
            Assert.That(served, Is.EquivalentTo(ControlPlaneSchemas.Operations.Select(o => o.Name)));
            Assert.That(OperationRegistry.Signaling().All.Select(o => o.Schema.Path), Is.EquivalentTo(new[] { "/v1/get-ice-server-config", "/v1/send-alexa-offer-to-master" }));
        });
    }
}

/// <summary>Every control-plane path of the model answers as an operation, and many callers at once are served.</summary>
public class EmulatorServingTests : EmulatorTest
{
    private static IEnumerable<TestCaseData> ControlPlanePaths() =>
        ControlPlaneSchemas.Operations.Select(o => new TestCaseData(o.Path).SetArgDisplayNames(o.Name));

    [TestCaseSource(nameof(ControlPlanePaths))]
    public async Task Each_model_path_is_an_operation_that_validates_or_answers(string path)
    {
        var response = await Caller.PostAsync(path, """{"StreamName":"missing","ChannelName":"missing"}""");

        Assert.Multiple(() =>
        {
            Assert.That(response.ErrorCode, Is.Not.EqualTo("UnknownOperationException"));
            Assert.That(response.ErrorCode, Is.Null.Or.AnyOf("InvalidArgumentException", "ResourceNotFoundException"), response.Message);
            Assert.That(response.RequestId, Is.Not.Empty);
        });
    }

    [Test]
    public async Task One_thousand_DescribeStream_calls_from_eight_parallel_callers_all_succeed()
    {
        await CreateStreamAsync("busy");
        var callers = Enumerable.Range(0, 8).Select(_ => CallerFor(Kvs.ServiceUrl)).ToList();
        try
        {
            var results = await Task.WhenAll(callers.Select(async caller =>
            {
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 125; i++)
                {
                    statuses.Add((await caller.PostAsync("/describeStream", """{"StreamName":"busy"}""")).Status);
                }

                return statuses;
            })).WaitAsync(TimeSpan.FromMinutes(2));

            var all = results.SelectMany(s => s).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(all, Has.Count.EqualTo(1000));
                Assert.That(all, Is.All.EqualTo(HttpStatusCode.OK));
            });
        }
        finally
        {
            callers.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task The_client_library_describes_a_stream_end_to_end_and_retries_through_throttling()
    {
        var arn = await CreateStreamAsync("e2e", retentionHours: 12);
        var pair = Kvs.Credentials[0];
        using var client = new ControlPlane.KinesisVideoClient(new KinesisVideo.Client.Runtime.KinesisVideoClientOptions
        {
            ServiceUrl = Kvs.ServiceUrl,
            Region = Kvs.Region,
            Credentials = new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey),
            TimeProvider = Time,
            AttemptTimeout = TimeSpan.FromMinutes(10),
        });
        Kvs.Faults.ThrottleNext("DescribeStream", 2);

        var call = client.DescribeStreamAsync(new ControlPlane.Model.DescribeStreamRequest { StreamName = "e2e" });
        var delays = await Tests.Support.TestClients.DriveAsync(call, Time);
        var info = (await call).StreamInfo!;

        Assert.Multiple(() =>
        {
            Assert.That(delays, Has.Count.EqualTo(2), "two throttled attempts, each followed by a backoff");
            Assert.That(info.StreamName, Is.EqualTo("e2e"));
            Assert.That(info.StreamARN, Is.EqualTo(arn));
            Assert.That(info.DataRetentionInHours, Is.EqualTo(12));
        });
        var missing = Assert.ThrowsAsync<KinesisVideo.Client.Runtime.Errors.ResourceNotFoundException>(() => client.DescribeStreamAsync(new ControlPlane.Model.DescribeStreamRequest { StreamName = "missing" }));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
