using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using KinesisVideo.Client.Runtime.Errors;
using Polly;

namespace KinesisVideo.Client.Runtime.Diagnostics;

/// <summary>
/// The package's traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>,
/// both named <see cref="Name"/>, and every instrument the client records. Every instrument of the
/// package is created here, so names, units and tags stay in one place (docs/telemetry.md lists them).
/// </summary>
/// <remarks>
/// <para>Spans follow the OpenTelemetry semantic conventions for AWS SDK client spans: name
/// <c>Service.Operation</c> (<c>KinesisVideo.DescribeStream</c>), kind Client, <c>rpc.system</c>
/// = <c>aws-api</c>, <c>rpc.service</c>, <c>rpc.method</c>, <c>aws.request_id</c>,
/// <c>http.response.status_code</c>, <c>error.type</c> on failure, and one <c>retry</c> event per retry.</para>
/// <para>Instrument names: <c>kinesisvideo.client.&lt;area&gt;.&lt;measure&gt;</c> in snake case, where the
/// area is <c>call</c> for unary calls and the operation for a streaming one (<c>put_media</c>,
/// <c>get_media</c>); units are UCUM (<c>s</c>, <c>By</c>, <c>{fragment}</c>); durations are
/// histograms in seconds; tags are the <c>rpc.*</c> ones above plus low-cardinality values only
/// (never a request id, fragment number or URL). Streaming instruments are added as properties
/// here, following the same scheme.</para>
/// <para>With <see cref="KinesisVideoClientOptions.MeterFactory"/> set (the DI registration sets it)
/// the meter comes from that factory, so each container has its own; otherwise one shared meter.</para>
/// </remarks>
internal sealed class KinesisVideoTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter: the package id.</summary>
    public const string Name = "KinesisVideo.Client";

    /// <summary>The <c>rpc.system</c> of every call, as the AWS SDK conventions name it.</summary>
    public const string RpcSystem = "aws-api";

    /// <summary>The <c>rpc.service</c> of the control plane (and of GetDataEndpoint and GetSignalingChannelEndpoint).</summary>
    public const string ControlPlaneService = "KinesisVideo";

    /// <summary>The <c>rpc.service</c> of the archived-media API.</summary>
    public const string ArchivedMediaService = "KinesisVideoArchivedMedia";

    /// <summary>The <c>rpc.service</c> of the media API (GetMedia, PutMedia).</summary>
    public const string MediaService = "KinesisVideoMedia";

    /// <summary>The <c>rpc.service</c> of the signaling API.</summary>
    public const string SignalingService = "KinesisVideoSignaling";

    /// <summary>The name of the span event recorded for each retry of a call.</summary>
    public const string RetryEvent = "retry";

    /// <summary>Where the pipeline finds the span of the call it is retrying.</summary>
    public static readonly ResiliencePropertyKey<Activity?> CallActivity = new("KinesisVideo.CallActivity");

    private static readonly string? s_version = typeof(KinesisVideoTelemetry).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static readonly Lazy<KinesisVideoTelemetry> s_shared = new(() => new KinesisVideoTelemetry(new Meter(Name, s_version)));

    // IMeterFactory hands out one Meter per name and version; its instruments are made once.
    private static readonly ConditionalWeakTable<Meter, KinesisVideoTelemetry> s_byMeter = [];

    private KinesisVideoTelemetry(Meter meter)
    {
        CallDuration = meter.CreateHistogram<double>(
            "kinesisvideo.client.call.duration",
            unit: "s",
            description: "How long unary calls take, every attempt and retry delay included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        AttemptDuration = meter.CreateHistogram<double>(
            "kinesisvideo.client.call.attempt_duration",
            unit: "s",
            description: "How long one attempt of a unary call takes, from signing to the response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Attempts = meter.CreateCounter<long>(
            "kinesisvideo.client.call.attempts",
            unit: "{attempt}",
            description: "Attempts of unary calls; more attempts than calls means retries.");
        Errors = meter.CreateCounter<long>(
            "kinesisvideo.client.call.errors",
            unit: "{error}",
            description: "Unary calls that failed after their last attempt.");
        PutMediaBytesSent = meter.CreateCounter<long>(
            "kinesisvideo.client.put_media.bytes_sent",
            unit: "By",
            description: "MKV bytes PutMedia sessions sent, resent ones included.");
        PutMediaAcknowledgements = meter.CreateCounter<long>(
            "kinesisvideo.client.put_media.fragments_acknowledged",
            unit: "{fragment}",
            description: "Acknowledgements PutMedia sessions received, by event type.");
        PutMediaAckLatency = meter.CreateHistogram<double>(
            "kinesisvideo.client.put_media.ack_latency",
            unit: "s",
            description: "From a fragment's last frame being written to its RECEIVED or PERSISTED acknowledgement.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        PutMediaConnections = meter.CreateCounter<long>(
            "kinesisvideo.client.put_media.connections",
            unit: "{connection}",
            description: "PutMedia connections that ended, by the reason they ended.");
        PutMediaFragmentsDropped = meter.CreateCounter<long>(
            "kinesisvideo.client.put_media.fragments_dropped",
            unit: "{fragment}",
            description: "Fragments PutMedia sessions gave up on, by reason.");
    }

    /// <summary>The package's ActivitySource: one span per call.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, s_version);

    /// <summary>Whole unary calls, tagged with <c>rpc.*</c> and <c>error.type</c> when they failed.</summary>
    public Histogram<double> CallDuration { get; }

    /// <summary>Single attempts, tagged with <c>rpc.*</c>, <c>http.response.status_code</c> and <c>error.type</c>.</summary>
    public Histogram<double> AttemptDuration { get; }

    /// <summary>Attempts made, tagged with <c>rpc.*</c>.</summary>
    public Counter<long> Attempts { get; }

    /// <summary>Calls that failed, tagged with <c>rpc.*</c> and <c>error.type</c>.</summary>
    public Counter<long> Errors { get; }

    /// <summary>MKV bytes sent by PutMedia, tagged with <c>rpc.*</c>.</summary>
    public Counter<long> PutMediaBytesSent { get; }

    /// <summary>PutMedia acknowledgements, tagged with <c>rpc.*</c> and <c>kinesisvideo.ack.event_type</c>.</summary>
    public Counter<long> PutMediaAcknowledgements { get; }

    /// <summary>PutMedia acknowledgement latency, tagged with <c>rpc.*</c> and <c>kinesisvideo.ack.event_type</c> (RECEIVED or PERSISTED).</summary>
    public Histogram<double> PutMediaAckLatency { get; }

    /// <summary>PutMedia connections that ended, tagged with <c>rpc.*</c> and <c>kinesisvideo.put_media.end_reason</c>.</summary>
    public Counter<long> PutMediaConnections { get; }

    /// <summary>Fragments PutMedia gave up on, tagged with <c>rpc.*</c> and <c>kinesisvideo.put_media.drop_reason</c>.</summary>
    public Counter<long> PutMediaFragmentsDropped { get; }

    /// <summary>The <c>rpc.*</c> tags of PutMedia, for its instruments.</summary>
    public static TagList PutMediaTags() => RpcTags(MediaService, "PutMedia");

    /// <summary>
    /// Starts the span of one PutMedia connection (one HTTP request, which may last most of an hour),
    /// or returns null when nobody listens.
    /// </summary>
    public static Activity? StartPutMediaConnection(string region, int connection)
    {
        var activity = StartCall(MediaService, "PutMedia", region);
        activity?.SetTag("kinesisvideo.put_media.connection", connection);
        return activity;
    }

    // From 5 ms to a minute: control-plane calls take tens of milliseconds, retried ones seconds.
    private static double[] DurationBuckets => [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    /// <summary>The instruments of <paramref name="meterFactory"/>'s meter, or the shared ones when it is null.</summary>
    public static KinesisVideoTelemetry For(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            return s_shared.Value;
        }

        var meter = meterFactory.Create(new MeterOptions(Name) { Version = s_version });
        return s_byMeter.GetValue(meter, static meter => new KinesisVideoTelemetry(meter));
    }

    /// <summary>Starts the span of one call, or returns null when nobody listens.</summary>
    public static Activity? StartCall(string service, string operation, string region)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(service + "." + operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", RpcSystem);
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", operation);
            activity.SetTag("cloud.region", region);
        }

        return activity;
    }

    /// <summary>Records a retry on the call's span: its number (1 for the first), its delay, and why.</summary>
    public static void RetryScheduled(Activity? activity, int retry, TimeSpan delay, Exception? cause)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        var tags = new ActivityTagsCollection
        {
            ["kinesisvideo.retry.attempt"] = retry,
            ["kinesisvideo.retry.delay"] = delay.TotalSeconds,
        };
        if (cause is not null)
        {
            tags["error.type"] = ErrorType(cause);
        }

        activity.AddEvent(new ActivityEvent(RetryEvent, tags: tags));
    }

    /// <summary>Records one attempt's duration and outcome.</summary>
    public void AttemptCompleted(string service, string operation, double seconds, HttpStatusCode? status, Exception? failure)
    {
        var tags = RpcTags(service, operation);
        if (status is { } code)
        {
            tags.Add("http.response.status_code", (int)code);
        }

        if (failure is not null)
        {
            tags.Add("error.type", ErrorType(failure));
        }

        Attempts.Add(1, RpcTags(service, operation));
        AttemptDuration.Record(seconds, tags);
    }

    /// <summary>Records a call's duration and outcome, and ends its span with the response's request id and status.</summary>
    public void CallCompleted(Activity? activity, string service, string operation, double seconds, KinesisVideoResponse? response, Exception? failure)
    {
        var tags = RpcTags(service, operation);
        if (failure is not null)
        {
            var errorType = ErrorType(failure);
            tags.Add("error.type", errorType);
            Errors.Add(1, tags);
        }

        CallDuration.Record(seconds, tags);

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        var requestId = response?.RequestId ?? (failure as KinesisVideoException)?.RequestId;
        var status = response is not null ? response.HttpStatusCode : (failure as KinesisVideoException)?.StatusCode;
        if (requestId is not null)
        {
            activity.SetTag("aws.request_id", requestId);
        }

        if (status is { } code)
        {
            activity.SetTag("http.response.status_code", (int)code);
        }

        if (failure is not null)
        {
            activity.SetTag("error.type", ErrorType(failure));
            // The message is redacted (KinesisVideoException) or carries no secret (network errors).
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        }
    }

    /// <summary>
    /// The <c>error.type</c> of a failure: the service's error code when it gave one (low cardinality,
    /// what dashboards group by), else the exception's full type name, as the conventions advise.
    /// </summary>
    public static string ErrorType(Exception failure) =>
        (failure as KinesisVideoException)?.ErrorCode ?? failure.GetType().FullName ?? failure.GetType().Name;

    private static TagList RpcTags(string service, string operation) => new()
    {
        { "rpc.system", RpcSystem },
        { "rpc.service", service },
        { "rpc.method", operation },
    };
}
