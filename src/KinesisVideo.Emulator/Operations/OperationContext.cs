using System.Text.Json;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// What an operation works with: the validated request body, the writer positioned inside the
/// response object, the emulator's state, and who signed the request.
/// </summary>
internal sealed class OperationContext(JsonElement input, Utf8JsonWriter output, EmulatorState state, EmulatorCredentials caller)
{
    public JsonElement Input { get; } = input;

    public Utf8JsonWriter Output { get; } = output;

    public EmulatorState State { get; } = state;

    public EmulatorCredentials Caller { get; } = caller;

    public DateTimeOffset Now => State.Time.GetUtcNow();
}

/// <summary>
/// One operation's behaviour. It runs under the state lock after the body passed validation, writes
/// the response members, and throws <see cref="Protocol.ServiceErrorException"/> for a service error.
/// </summary>
internal delegate void OperationHandler(OperationContext context);
