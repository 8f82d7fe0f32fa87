using System.Buffers;
using System.Text.Json;
using KinesisVideo.Emulator.Hosting;
using KinesisVideo.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Faults;

/// <summary>
/// The standalone server's test controls over HTTP, under <c>/_emulator/</c> on the control-plane
/// origin. Unsigned, which is safe only because every origin listens on 127.0.0.1 alone.
/// <list type="bullet">
/// <item><c>GET /_emulator/endpoints</c>: the control-plane, data and signaling URLs, region and account.</item>
/// <item><c>POST /_emulator/faults</c> with <c>{"Fault": "Throttle"|"ServerError"|"Latency"|"ChangeDataEndpoint"|"ExpireCredentials"|"Reset", ...}</c>
/// (members Operation, Count, StatusCode, Milliseconds, AccessKeyId as the fault needs), or a media
/// fault of <see cref="MediaFaultCommands"/>.</item>
/// </list>
/// </summary>
internal sealed class AdminEndpoint(KinesisVideoEmulator emulator)
{
    public const string Prefix = "/_emulator/";

    /// <summary>Handles the request when it is for the admin endpoint; returns false otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        switch (path[Prefix.Length..])
        {
            case "endpoints" when HttpMethods.IsGet(context.Request.Method):
                await RespondAsync(context, writer =>
                {
                    writer.WriteString("ServiceUrl", emulator.ServiceUrl.ToString());
                    writer.WriteString("DataEndpoint", emulator.DataEndpoint.ToString());
                    writer.WriteString("SignalingEndpoint", emulator.SignalingEndpoint.ToString());
                    writer.WriteString("Region", emulator.Region);
                    writer.WriteString("AccountId", emulator.AccountId);
                }).ConfigureAwait(false);
                return true;

            case "faults" when HttpMethods.IsPost(context.Request.Method):
                await ApplyFaultAsync(context).ConfigureAwait(false);
                return true;

            default:
                throw new ServiceErrorException(ErrorCodes.UnknownOperation, $"The admin endpoint has no {context.Request.Method} {path}.");
        }
    }

    private async Task ApplyFaultAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ServiceErrorException(ErrorCodes.Serialization, "The fault is not valid JSON: " + e.Message);
        }

        using (document)
        {
            var fault = document.RootElement;
            if (fault.ValueKind != JsonValueKind.Object)
            {
                throw new ServiceErrorException(ErrorCodes.Serialization, "The fault must be a JSON object.");
            }

            var faults = emulator.Faults;
            var operation = fault.String("Operation") ?? EmulatorFaults.AnyOperation;
            var count = fault.Int("Count") ?? 1;
            Uri? dataEndpoint = null;
            switch (fault.String("Fault"))
            {
                case "Throttle":
                    faults.ThrottleNext(operation, count);
                    break;
                case "ServerError":
                    faults.FailNext(operation, count, fault.Int("StatusCode") ?? 500);
                    break;
                case "Latency":
                    faults.AddLatency(operation, TimeSpan.FromMilliseconds(fault.Int("Milliseconds") ?? 0));
                    break;
                case "ChangeDataEndpoint":
                    dataEndpoint = await faults.ChangeDataEndpointAsync(context.RequestAborted).ConfigureAwait(false);
                    break;
                case "ExpireCredentials":
                    faults.ExpireCredentials(fault.String("AccessKeyId"));
                    break;
                case "Reset":
                    faults.Reset();
                    break;
                case var name when ApplyMediaFault(name, fault, faults):
                    break;
                default:
                    throw new ServiceErrorException(ErrorCodes.InvalidArgument, "Fault must be one of Throttle, ServerError, Latency, ChangeDataEndpoint, ExpireCredentials, Reset, " + MediaFaultCommands.Names + ".");
            }

            await RespondAsync(context, writer => writer.WriteOptional("DataEndpoint", dataEndpoint?.ToString())).ConfigureAwait(false);
        }
    }

    // The fault setters refuse out-of-range values with ArgumentException; over HTTP that is the
    // caller's mistake (400), not the emulator's failure.
    private static bool ApplyMediaFault(string? name, JsonElement fault, EmulatorFaults faults)
    {
        try
        {
            return MediaFaultCommands.TryApply(name, fault, faults);
        }
        catch (ArgumentException e)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, e.Message);
        }
    }

    private static Task RespondAsync(HttpContext context, Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return RequestPipeline.WriteJsonAsync(context, 200, buffer);
    }
}
