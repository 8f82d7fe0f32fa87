using System.Buffers;
using System.Text.Json;
using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Faults;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>
/// What every request to an origin goes through, in the service's order: request id; operation by
/// path (else UnknownOperationException); SigV4; injected faults; JSON body checked against the
/// model; a unary operation under the state lock with a JSON answer, or a streaming operation that
/// writes its own; the service's error response for anything refused before the answer started.
/// </summary>
internal sealed class RequestPipeline
{
    /// <summary>The largest body the emulator reads for a unary operation.</summary>
    private const int MaxBodyBytes = 1 << 20;

    private readonly OperationRegistry _operations;
    private readonly SigV4Verifier _verifier;
    private readonly EmulatorState _state;
    private readonly EmulatorFaults _faults;
    private readonly Func<HttpContext, Task<bool>>? _admin;
    private readonly Func<string, string?>? _misrouted;

    /// <param name="operations">The operations this origin serves.</param>
    /// <param name="verifier">SigV4.</param>
    /// <param name="state">The emulator's state.</param>
    /// <param name="faults">Injected faults.</param>
    /// <param name="admin">Handles the requests it claims before operation lookup (test controls, session URLs).</param>
    /// <param name="misrouted">For a path this origin does not serve: a hint naming the origin that does, or null.</param>
    public RequestPipeline(OperationRegistry operations, SigV4Verifier verifier, EmulatorState state, EmulatorFaults faults, Func<HttpContext, Task<bool>>? admin = null, Func<string, string?>? misrouted = null)
    {
        _operations = operations;
        _verifier = verifier;
        _state = state;
        _faults = faults;
        _admin = admin;
        _misrouted = misrouted;
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        try
        {
            if (_admin is not null && await _admin(context).ConfigureAwait(false))
            {
                return;
            }

            var (path, query) = RawTarget(context);
            var operation = HttpMethods.IsPost(context.Request.Method) ? _operations.Find(path) : null;
            if (operation is null)
            {
                throw new ServiceErrorException(ErrorCodes.UnknownOperation, $"No operation is served at {context.Request.Method} {path} on this endpoint." + _misrouted?.Invoke(path));
            }

            // PutMedia's body is the media stream, read by the operation as it arrives; its hash is
            // not part of the signature (the service accepts UNSIGNED-PAYLOAD or the empty hash).
            var body = operation.StreamsRequestBody ? [] : await ReadBodyAsync(context).ConfigureAwait(false);
            var caller = _verifier.Verify(ToSignedRequest(context, path, query, body), payloadSigned: !operation.StreamsRequestBody);
            await _faults.ApplyAsync(operation.Schema.Name, context.RequestAborted).ConfigureAwait(false);
            if (operation.Streaming is { } streaming)
            {
                using var document = Parse(body);
                InputValidator.Validate(document.RootElement, operation.Schema.Input);
                await streaming(new StreamingOperationContext(context, document.RootElement, _state, caller, _faults)).ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(context, 200, Run(operation, body, caller)).ConfigureAwait(false);
            }
        }
        catch (ServiceErrorException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
        }
        catch (ServiceErrorException)
        {
            // A streamed answer is under way: the status line is gone, so the connection is dropped.
            context.Abort();
        }
    }

    public static Task WriteErrorAsync(HttpContext context, ServiceErrorException error)
    {
        context.Response.Headers["x-amzn-ErrorType"] = error.Code + ErrorCodes.ErrorTypeSuffix;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Message", error.Message);
            writer.WriteEndObject();
        }

        return WriteJsonAsync(context, error.StatusCode, buffer);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, ArrayBufferWriter<byte> json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.WrittenCount;
        await context.Response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private ArrayBufferWriter<byte> Run(Operation operation, byte[] body, EmulatorCredentials caller)
    {
        using var document = Parse(body);
        InputValidator.Validate(document.RootElement, operation.Schema.Input);

        // Written to a buffer, so an operation that fails half-way sends only its error.
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        lock (_state.Gate)
        {
            operation.Unary!(new OperationContext(document.RootElement, writer, _state, caller));
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer;
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            // The service reads an empty body as an empty input structure.
            return JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException e)
        {
            throw new ServiceErrorException(ErrorCodes.Serialization, "The request body is not valid JSON: " + e.Message);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"The request body exceeds {MaxBodyBytes} bytes.");
        }

        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy, context.RequestAborted).ConfigureAwait(false);
        return copy.ToArray();
    }

    // SigV4 signs the request-target as sent, so it is read raw, before ASP.NET Core decodes it.
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    private static SignedRequest ToSignedRequest(HttpContext context, string path, string query, byte[] body)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        return new SignedRequest(context.Request.Method, path, query, headers, body);
    }
}
