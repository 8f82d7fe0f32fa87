using System.Buffers;
using System.Globalization;
using System.Reflection;
using Amazon.Runtime.Signing;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Endpoints;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Http;
using KinesisVideo.Client.Runtime.Signing;

namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>
/// Opens one PutMedia connection: the data endpoint from the cache, the TCP (and TLS) connection,
/// the signed request head, and the service's answer. A refusal before the 200 (a JSON error) becomes
/// the typed exception a unary call would raise; the 200 leaves the body open for media.
/// </summary>
internal static class PutMediaConnection
{
    private const string Operation = "PutMedia";
    private const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly string s_userAgent = "KinesisVideo.Client/" + (typeof(PutMediaConnection).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>What every connection of a session shares.</summary>
    public sealed record Target(
        IEndpointSource Endpoint,
        RequestSigner Signer,
        Http1ConnectionSettings Settings,
        TimeSpan ResponseTimeout,
        string? StreamName,
        string? StreamArn,
        PutMediaTimecodeType TimecodeType,
        DateTimeOffset ProducerStartTimestamp);

    /// <summary>Connects and reads the answer to the request head; the returned connection's body is open.</summary>
    /// <exception cref="KinesisVideoException">The service refused the request (ConnectionLimitExceeded, NotAuthorized, ResourceNotFound, ...).</exception>
    /// <exception cref="HttpRequestException">The connection failed, or the answer was malformed.</exception>
    /// <exception cref="TimeoutException">The connection or the answer took too long.</exception>
    public static async Task<OpenedConnection> OpenAsync(Target target, CancellationToken cancellationToken)
    {
        var endpoint = await target.Endpoint.GetAsync(cancellationToken).ConfigureAwait(false);
        Http1DuplexConnection? connection = null;
        try
        {
            var uri = RequestUri(endpoint);
            var headers = await SignAsync(target, uri, cancellationToken).ConfigureAwait(false);
            connection = await Http1DuplexConnection.ConnectAsync(uri, target.Settings, cancellationToken).ConfigureAwait(false);
            await connection.SendRequestHeadAsync("POST", uri.PathAndQuery, headers, cancellationToken).ConfigureAwait(false);
            var head = await connection.ReadResponseHeadAsync(target.ResponseTimeout, cancellationToken).ConfigureAwait(false);
            if (!head.IsSuccess)
            {
                throw await ReadErrorAsync(connection, head, cancellationToken).ConfigureAwait(false);
            }

            return new OpenedConnection(connection, endpoint, head["x-amzn-RequestId"] ?? head["x-amz-RequestId"]);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            target.Endpoint.OnFailure(endpoint, failure);
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>A connection the service answered with 200, its body open for media.</summary>
    /// <param name="Connection">The connection.</param>
    /// <param name="Endpoint">The data endpoint it went to.</param>
    /// <param name="RequestId">The service's id of the request, to quote to AWS support.</param>
    public sealed record OpenedConnection(Http1DuplexConnection Connection, Uri Endpoint, string? RequestId);

    /// <summary>
    /// Whether a failure to open a connection is worth another try: throttling (ClientLimitExceeded,
    /// and ConnectionLimitExceeded while a previous connection is still closing), server errors,
    /// timeouts, network failures, and a wrong endpoint (looked up again). Not: not authorized, no
    /// such stream, invalid arguments, certificate failures.
    /// </summary>
    public static bool IsRetriable(Exception failure) => failure switch
    {
        InvalidEndpointException or ConnectionLimitExceededException => true,
        KinesisVideoException service => service.IsRetryable,
        TimeoutException => true,
        HttpRequestException http => http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
            or HttpRequestError.NameResolutionError or HttpRequestError.InvalidResponse,
        IOException => true,
        _ => false,
    };

    private static Uri RequestUri(Uri endpoint)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        return new Uri(endpoint, basePath + "/putMedia");
    }

    // The x-amzn-* headers, the user agent and the payload hash are signed; Transfer-Encoding and Host
    // are written by the connection (Host is signed through the URI), so what is signed is what is sent.
    private static async Task<List<KeyValuePair<string, string>>> SignAsync(Target target, Uri uri, CancellationToken cancellationToken)
    {
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = [] };
        if (target.StreamArn is not null)
        {
            request.Headers["x-amzn-stream-arn"] = target.StreamArn;
        }
        else
        {
            request.Headers["x-amzn-stream-name"] = target.StreamName!;
        }

        request.Headers["x-amzn-fragment-timecode-type"] = target.TimecodeType == PutMediaTimecodeType.Relative ? "RELATIVE" : "ABSOLUTE";
        // Epoch seconds with three decimals, the AWS producers' format; the service adds it to RELATIVE timecodes.
        request.Headers["x-amzn-producer-start-timestamp"] =
            (target.ProducerStartTimestamp.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
        request.Headers["x-amzn-fragment-acknowledgment-required"] = "1";
        request.Headers["User-Agent"] = s_userAgent;
        // A streaming body cannot be hashed in advance; as the AWS Java producer does.
        request.Headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";

        var signed = await target.Signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + signed.Count);
        foreach (var (name, value) in request.Headers)
        {
            if (!signed.ContainsKey(name))
            {
                headers.Add(new(name, value));
            }
        }

        foreach (var (name, value) in signed)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(name, value));
            }
        }

        return headers;
    }

    private static async Task<KinesisVideoException> ReadErrorAsync(Http1DuplexConnection connection, Http1ResponseHead head, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        try
        {
            while (body.WrittenCount < MaxErrorBodyBytes)
            {
                var result = await connection.ResponseBody.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    body.Write(segment.Span[..Math.Min(segment.Length, MaxErrorBodyBytes - body.WrittenCount)]);
                }

                connection.ResponseBody.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            // The status and headers say enough; a body cut short is quoted as far as it came.
        }

        var errorType = head["x-amzn-ErrorType"] ?? head["x-amz-ErrorType"];
        var requestId = head["x-amzn-RequestId"] ?? head["x-amz-RequestId"];
        return ErrorResponse.Create(Operation, head.StatusCode, head.ReasonPhrase, errorType, requestId, body.WrittenSpan);
    }
}
