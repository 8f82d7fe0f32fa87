using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Endpoints;
using KinesisVideo.Client.Runtime.Errors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace KinesisVideo.Client.Runtime;

/// <summary>
/// The rest-json call path every unary operation takes: <c>POST /&lt;operation&gt;</c> with a JSON
/// body from the source-generated context, inside the retry pipeline; each attempt resolves its
/// endpoint, is signed afresh and maps an error response to its typed exception. Each call is one
/// span and one <c>kinesisvideo.client.call.duration</c> measurement; each attempt one
/// <c>kinesisvideo.client.call.attempt_duration</c> (<see cref="KinesisVideoTelemetry"/>).
/// </summary>
/// <param name="runtime">HTTP, signing, retries, clock, logging and instruments.</param>
/// <param name="service">The <c>rpc.service</c> the calls are recorded under (<see cref="KinesisVideoTelemetry.ControlPlaneService"/>...).</param>
internal sealed class UnaryCallInvoker(ClientRuntime runtime, string service)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <summary>The <c>rpc.service</c> of the calls this invoker makes.</summary>
    public string Service => service;

    /// <summary>An invoker on the same runtime whose calls are recorded under another service (GetDataEndpoint from a data-plane client).</summary>
    public UnaryCallInvoker ForService(string otherService) =>
        otherService == service ? this : new UnaryCallInvoker(runtime, otherService);

    /// <summary>Sends <paramref name="request"/> to <paramref name="path"/> and reads the typed response.</summary>
    /// <param name="operation">The operation's name, for logs and error messages.</param>
    /// <param name="path">The request path, for example <c>/describeStream</c>.</param>
    /// <param name="request">The request; it is serialized once, whatever the number of attempts.</param>
    /// <param name="requestType">The request's source-generated JSON metadata.</param>
    /// <param name="responseType">The response's source-generated JSON metadata.</param>
    /// <param name="endpoint">Where the call goes: the control plane or a data endpoint.</param>
    /// <param name="cancellationToken">Cancels the call at once, whichever attempt or delay it is in.</param>
    public Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        IEndpointSource endpoint,
        CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new() =>
        ExecuteAsync(new Call<TResponse>(this, operation, path, JsonSerializer.SerializeToUtf8Bytes(request, requestType), endpoint, HandsOverStream: false, responseType), cancellationToken);

    /// <summary>
    /// Like <see cref="InvokeAsync"/>, for an operation whose response body is media: once the
    /// status and headers have arrived, the body is handed to the caller as a stream, unread. Retries
    /// and the attempt timeout cover the call up to that point only.
    /// </summary>
    public Task<TResponse> InvokeStreamingAsync<TRequest, TResponse>(
        string operation,
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        IEndpointSource endpoint,
        CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, IStreamingResponse, new() =>
        ExecuteAsync(new Call<TResponse>(this, operation, path, JsonSerializer.SerializeToUtf8Bytes(request, requestType), endpoint, HandsOverStream: true, responseType), cancellationToken);

    private async Task<TResponse> ExecuteAsync<TResponse>(Call<TResponse> call, CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new()
    {
        var started = runtime.TimeProvider.GetTimestamp();
        using var activity = KinesisVideoTelemetry.StartCall(service, call.Operation, runtime.Region);
        try
        {
            var response = await RunPipelineAsync(call, activity, started, cancellationToken).ConfigureAwait(false);
            runtime.Telemetry.CallCompleted(activity, service, call.Operation, runtime.TimeProvider.GetElapsedTime(started).TotalSeconds, response, failure: null);
            return response;
        }
        catch (Exception failure)
        {
            runtime.Telemetry.CallCompleted(activity, service, call.Operation, runtime.TimeProvider.GetElapsedTime(started).TotalSeconds, response: null, failure);
            throw;
        }
    }

    private async Task<TResponse> RunPipelineAsync<TResponse>(Call<TResponse> call, Activity? activity, long started, CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new()
    {
        var context = ResilienceContextPool.Shared.Get(call.Operation, cancellationToken);
        context.Properties.Set(KinesisVideoTelemetry.CallActivity, activity);
        try
        {
            return await runtime.Pipeline.ExecuteAsync(
                static (context, call) => call.Invoker.SendAsync(call, context.CancellationToken),
                context,
                call).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new TimeoutException($"{call.Operation} did not complete within its timeout ({timeout.Timeout}).", timeout);
        }
        catch (KinesisVideoException error) when (runtime.CallTimeout is { } budget && !cancellationToken.IsCancellationRequested && runtime.TimeProvider.GetElapsedTime(started) >= budget)
        {
            // When the call timeout fires just as an attempt fails, Polly's retry gives back that
            // attempt's error rather than waiting to be cancelled; the caller still ran out of time.
            throw new TimeoutException($"{call.Operation} did not complete within its timeout ({budget}).", error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResponse> SendAsync<TResponse>(Call<TResponse> call, CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new()
    {
        var started = runtime.TimeProvider.GetTimestamp();
        var baseUrl = await call.Endpoint.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, RequestUri(baseUrl, call.Path));
            message.Content = new ByteArrayContent(call.Body);
            message.Content.Headers.ContentType = s_json;
            await runtime.Signer.SignAsync(message, call.Body, cancellationToken).ConfigureAwait(false);

            var response = await runtime.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            TResponse result;
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorResponse.ReadAsync(response, call.Operation, cancellationToken).ConfigureAwait(false);
                }

                var requestId = ResponseHeaders.RequestId(response);
                result = call.HandsOverStream
                    ? await HandOverStreamAsync(response, call, cancellationToken).ConfigureAwait(false)
                    : await ReadJsonAsync(response, call, cancellationToken).ConfigureAwait(false);
                result.RequestId = requestId;
                result.HttpStatusCode = response.StatusCode;
            }
            catch
            {
                response.Dispose();
                throw;
            }

            var elapsed = runtime.TimeProvider.GetElapsedTime(started);
            runtime.Telemetry.AttemptCompleted(service, call.Operation, elapsed.TotalSeconds, response.StatusCode, failure: null);
            if (runtime.Logger.IsEnabled(LogLevel.Debug))
            {
                Log.Completed(runtime.Logger, call.Operation, (int)response.StatusCode, elapsed.TotalMilliseconds, result.RequestId);
            }

            return result;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var elapsed = runtime.TimeProvider.GetElapsedTime(started);
            runtime.Telemetry.AttemptCompleted(service, call.Operation, elapsed.TotalSeconds, (failure as KinesisVideoException)?.StatusCode, failure);
            if (runtime.Logger.IsEnabled(LogLevel.Debug))
            {
                Log.AttemptFailed(runtime.Logger, call.Operation, elapsed.TotalMilliseconds, failure);
            }

            call.Endpoint.OnFailure(baseUrl, failure);
            throw;
        }
    }

    private static async ValueTask<TResponse> HandOverStreamAsync<TResponse>(HttpResponseMessage response, Call<TResponse> call, CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new()
    {
        var result = new TResponse();
        var streaming = (IStreamingResponse)result;
        // Disposing the stream releases the connection; the caller owns it from here.
        streaming.Payload = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        streaming.ContentType = response.Content.Headers.ContentType?.ToString();
        return result;
    }

    private static async ValueTask<TResponse> ReadJsonAsync<TResponse>(HttpResponseMessage response, Call<TResponse> call, CancellationToken cancellationToken)
        where TResponse : KinesisVideoResponse, new()
    {
        using var disposeResponse = response;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        TResponse? result = null;

        // Operations with no output members may answer with an empty body.
        if (body.AsSpan().Trim(" \t\r\n"u8).Length > 0)
        {
            try
            {
                result = JsonSerializer.Deserialize(body, call.ResponseType);
            }
            catch (JsonException malformed)
            {
                throw new KinesisVideoException(
                    $"{call.Operation} answered HTTP {(int)response.StatusCode} with a body that is not the expected JSON document: {malformed.Message}",
                    errorCode: null,
                    response.StatusCode,
                    ResponseHeaders.RequestId(response),
                    malformed);
            }
        }

        return result ?? new TResponse();
    }

    private static Uri RequestUri(Uri baseUrl, string path)
    {
        var basePath = baseUrl.AbsolutePath;
        return basePath.Length <= 1
            ? new Uri(baseUrl, path)
            : new Uri(baseUrl, basePath.TrimEnd('/') + path);
    }

    private sealed record Call<TResponse>(
        UnaryCallInvoker Invoker,
        string Operation,
        string Path,
        byte[] Body,
        IEndpointSource Endpoint,
        bool HandsOverStream,
        JsonTypeInfo<TResponse> ResponseType);
}

