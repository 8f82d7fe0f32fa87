using System.Text.Json;
using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Faults;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// What a media operation works with: the HTTP exchange itself (it streams its request body or its
/// response), the validated JSON input (an empty object for PutMedia, whose input is headers), the
/// emulator's state, who signed the request, and the faults tests set.
/// </summary>
internal sealed class StreamingOperationContext(HttpContext http, JsonElement input, EmulatorState state, EmulatorCredentials caller, EmulatorFaults faults)
{
    public HttpContext Http { get; } = http;

    public JsonElement Input { get; } = input;

    public EmulatorState State { get; } = state;

    public EmulatorCredentials Caller { get; } = caller;

    public EmulatorFaults Faults { get; } = faults;

    public DateTimeOffset Now => State.Time.GetUtcNow();

    /// <summary>Signalled when the peer goes away or the emulator stops.</summary>
    public CancellationToken Aborted => Http.RequestAborted;
}

/// <summary>
/// A media operation's behaviour. It runs outside the state lock (taking it for short reads and
/// writes of the state) and writes its own response. A <see cref="Protocol.ServiceErrorException"/>
/// thrown before the response has started becomes the service's error response; after that the
/// pipeline can only abort the connection, as the service does.
/// </summary>
internal delegate Task StreamingOperationHandler(StreamingOperationContext context);
