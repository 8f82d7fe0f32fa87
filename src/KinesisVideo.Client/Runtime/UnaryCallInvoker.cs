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
/// endpoint, is signed afresh and maps an error response to its typed exception.
/// </summary>
internal sealed class UnaryCallInvoker(ClientRuntime runtime)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

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
        var context = ResilienceContextPool.Shared.Get(call.Operation, cancellationToken);
        var started = runtime.TimeProvider.GetTimestamp();
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

            if (runtime.Logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = runtime.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
                Log.Completed(runtime.Logger, call.Operation, (int)response.StatusCode, elapsed, result.RequestId);
            }

            return result;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (runtime.Logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = runtime.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
                Log.AttemptFailed(runtime.Logger, call.Operation, elapsed, failure);
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

