using System.Diagnostics;
using System.Net;
using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KinesisVideo.Client.Tests.Runtime.Diagnostics;

/// <summary>
/// Spans and metrics, collected by the OpenTelemetry SDK's in-memory exporter as an application
/// would collect them, with the names and tags docs/telemetry.md lists.
/// </summary>
[NonParallelizable]
public class TelemetryTests : FakeServerTest
{
    private const string StreamArn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1700000000000";

    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private TracerProvider _tracing = null!;
    private MeterProvider _metering = null!;

    [SetUp]
    public void StartCollecting()
    {
        _spans.Clear();
        _metrics.Clear();
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource("KinesisVideo.Client").AddInMemoryExporter(_spans).Build()!;
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter("KinesisVideo.Client").AddInMemoryExporter(_metrics).Build()!;
    }

    [TearDown]
    public void StopCollecting()
    {
        _tracing.Dispose();
        _metering.Dispose();
    }

    [Test]
    public async Task A_retried_call_is_one_client_span_named_Service_Operation_with_the_rpc_tags_and_a_retry_event()
    {
        Server.EnqueueError(HttpStatusCode.InternalServerError, "InternalFailure", "try again");
        Server.EnqueueResponse(HttpStatusCode.OK, "{}", ("x-amzn-RequestId", "req-ok-1"));
        using var client = TestClients.ControlPlane(Server, Time);

        await TestClients.DriveAsync(client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }), Time);
        _tracing.ForceFlush();

        var span = _spans.Single();
        var retry = span.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("KinesisVideo.DescribeStream"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(span.Source.Name, Is.EqualTo("KinesisVideo.Client"));
            Assert.That(span.GetTagItem("rpc.system"), Is.EqualTo("aws-api"));
            Assert.That(span.GetTagItem("rpc.service"), Is.EqualTo("KinesisVideo"));
            Assert.That(span.GetTagItem("rpc.method"), Is.EqualTo("DescribeStream"));
            Assert.That(span.GetTagItem("cloud.region"), Is.EqualTo("us-west-2"));
            Assert.That(span.GetTagItem("aws.request_id"), Is.EqualTo("req-ok-1"));
            Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(200));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(retry.Name, Is.EqualTo("retry"));
            Assert.That(retry.Tags.ToDictionary(t => t.Key, t => t.Value)["kinesisvideo.retry.attempt"], Is.EqualTo(1));
            Assert.That(retry.Tags.ToDictionary(t => t.Key, t => t.Value)["error.type"], Is.EqualTo("InternalFailure"));
            Assert.That(retry.Tags.ToDictionary(t => t.Key, t => t.Value)["kinesisvideo.retry.delay"], Is.GreaterThan(0.0));
        });
    }

    [Test]
    public void A_failed_call_s_span_has_error_status_error_type_request_id_and_status_code()
    {
        Server.EnqueueError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such stream", requestId: "req-404");
        using var client = TestClients.ControlPlane(Server, Time);

        Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }));
        _tracing.ForceFlush();

        var span = _spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.StatusDescription, Is.EqualTo("no such stream"));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo("ResourceNotFoundException"));
            Assert.That(span.GetTagItem("aws.request_id"), Is.EqualTo("req-404"));
            Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(404));
        });
    }

    [Test]
    public async Task A_data_plane_call_and_its_endpoint_lookup_are_spans_of_their_own_services()
    {
        Server.EnqueueResponse(HttpStatusCode.OK, $$"""{"DataEndpoint":"{{Server.Url}}"}""");
        Server.EnqueueResponse(HttpStatusCode.OK, """{"Fragments":[]}""");
        using var client = new KinesisVideoArchivedMediaClient(TestClients.Options(Server, Time));

        await client.ListFragmentsAsync(new ListFragmentsRequest { StreamARN = StreamArn });
        _tracing.ForceFlush();

        var call = _spans.Single(s => s.DisplayName == "KinesisVideoArchivedMedia.ListFragments");
        var lookup = _spans.Single(s => s.DisplayName == "KinesisVideo.GetDataEndpoint");
        Assert.Multiple(() =>
        {
            Assert.That(call.GetTagItem("rpc.service"), Is.EqualTo("KinesisVideoArchivedMedia"));
            Assert.That(lookup.GetTagItem("rpc.service"), Is.EqualTo("KinesisVideo"));
            Assert.That(lookup.ParentSpanId, Is.EqualTo(call.SpanId), "the lookup happens inside the call that needed it");
        });
    }

    [Test]
    public async Task Calls_attempts_durations_and_errors_are_metered_with_the_rpc_tags()
    {
        Server.EnqueueError(HttpStatusCode.InternalServerError, "InternalFailure", "try again");
        Server.EnqueueResponse(HttpStatusCode.OK, "{}");
        Server.EnqueueError(HttpStatusCode.NotFound, "ResourceNotFoundException", "gone");
        using var client = TestClients.ControlPlane(Server, Time);

        await TestClients.DriveAsync(client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }), Time);
        Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }));
        _metering.ForceFlush();

        var calls = Points("kinesisvideo.client.call.duration");
        var attempts = Points("kinesisvideo.client.call.attempts");
        var attemptDurations = Points("kinesisvideo.client.call.attempt_duration");
        var errors = Points("kinesisvideo.client.call.errors");
        Assert.Multiple(() =>
        {
            Assert.That(Metric("kinesisvideo.client.call.duration").Unit, Is.EqualTo("s"));
            Assert.That(Metric("kinesisvideo.client.call.duration").MetricType, Is.EqualTo(MetricType.Histogram));
            Assert.That(calls.Select(p => (Tag(p, "rpc.system"), Tag(p, "rpc.service"), Tag(p, "rpc.method"), Tag(p, "error.type"), p.GetHistogramCount())),
                Is.EquivalentTo(new[]
                {
                    ("aws-api", "KinesisVideo", "DescribeStream", (string?)null, 1L),
                    ("aws-api", "KinesisVideo", "DescribeStream", "ResourceNotFoundException", 1L),
                }));
            Assert.That(attempts.Sum(p => p.GetSumLong()), Is.EqualTo(3), "two attempts, then one");
            Assert.That(attemptDurations.Select(p => (Tag(p, "http.response.status_code"), p.GetHistogramCount())),
                Is.EquivalentTo(new[] { ("500", 1L), ("200", 1L), ("404", 1L) }));
            Assert.That(errors.Select(p => (Tag(p, "error.type"), p.GetSumLong())), Is.EqualTo(new[] { ("ResourceNotFoundException", 1L) }));
        });
    }

    [Test]
    public async Task The_call_duration_is_measured_on_the_client_s_clock_retry_delays_included()
    {
        Server.EnqueueError(HttpStatusCode.InternalServerError, "InternalFailure", "try again");
        using var client = TestClients.ControlPlane(Server, Time);

        var delays = await TestClients.DriveAsync(client.DescribeStreamAsync(new DescribeStreamRequest { StreamName = "cam" }), Time);
        _metering.ForceFlush();

        var point = Points("kinesisvideo.client.call.duration").Single();
        Assert.That(point.GetHistogramSum(), Is.EqualTo(delays.Single().TotalSeconds).Within(1e-6), "the fake clock moved only by the retry delay");
    }

    private Metric Metric(string name) => _metrics.Last(m => m.Name == name);

    private List<MetricPoint> Points(string name)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in Metric(name).GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
