using System.Diagnostics;
using KinesisVideo.Client.Tests.Media.PutMedia.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>PutMedia's spans and metrics, as the OpenTelemetry SDK's in-memory exporter collects them.</summary>
[NonParallelizable]
public class PutMediaTelemetryTests : PutMediaClientTest
{
    [Test]
    public async Task A_session_records_a_span_per_connection_and_its_bytes_acknowledgements_latency_and_connection_ends()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("KinesisVideo.Client").AddInMemoryExporter(spans).Build()!;
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter("KinesisVideo.Client").AddInMemoryExporter(metrics).Build()!;
        await CreateStreamAsync("cam");
        Kvs.Faults.PutMedia.FailFragment(fragmentIndex: 2, errorId: 5000);
        await using var session = await StartAsync("cam");
        await WriteAsync(session, SyntheticVideo.Frames(fragments: 4));
        var summary = await session.CompleteAsync().WaitAsync(Wait);
        tracing.ForceFlush();
        metering.ForceFlush();

        var connections = spans.Where(s => s.DisplayName == "KinesisVideoMedia.PutMedia").ToList();
        Assert.That(connections.Select(s => s.GetTagItem("kinesisvideo.put_media.end_reason")), Is.EqualTo(new[] { "error_acknowledgement", "completed" }));
        Assert.That(connections.Select(s => s.GetTagItem("kinesisvideo.put_media.connection")), Is.EqualTo(new object[] { 1, 2 }));
        Assert.That(connections.Select(s => (s.GetTagItem("rpc.system"), s.GetTagItem("rpc.service"), s.GetTagItem("rpc.method"))), Is.All.EqualTo(("aws-api", "KinesisVideoMedia", "PutMedia")));
        Assert.That(connections.Select(s => s.GetTagItem("aws.request_id")), Is.All.Not.Null);
        Assert.That(connections.Select(s => s.Parent), Is.All.Null, "a connection is not the child of the one before");

        Assert.That(Sum(metrics, "kinesisvideo.client.put_media.bytes_sent"), Is.EqualTo(summary.BytesSent));
        Assert.That(Sum(metrics, "kinesisvideo.client.put_media.fragments_acknowledged", ("kinesisvideo.ack.event_type", "PERSISTED")), Is.EqualTo(4));
        Assert.That(Sum(metrics, "kinesisvideo.client.put_media.fragments_acknowledged", ("kinesisvideo.ack.event_type", "ERROR")), Is.EqualTo(1));
        Assert.That(Sum(metrics, "kinesisvideo.client.put_media.connections", ("kinesisvideo.put_media.end_reason", "error_acknowledgement")), Is.EqualTo(1));
        Assert.That(Sum(metrics, "kinesisvideo.client.put_media.connections", ("kinesisvideo.put_media.end_reason", "completed")), Is.EqualTo(1));
        var latency = metrics.Single(m => m.Name == "kinesisvideo.client.put_media.ack_latency");
        Assert.That(latency.Unit, Is.EqualTo("s"));
        Assert.That(Points(latency).Sum(p => p.GetHistogramCount()), Is.GreaterThanOrEqualTo(8), "RECEIVED and PERSISTED of each fragment");
    }

    private static long Sum(List<Metric> metrics, string name, (string Key, string Value)? tag = null) =>
        metrics.Where(m => m.Name == name).SelectMany(Points)
            .Where(p => tag is not { } t || Tags(p).Contains(new KeyValuePair<string, object?>(t.Key, t.Value)))
            .Sum(p => p.GetSumLong());

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            yield return point;
        }
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }
}
