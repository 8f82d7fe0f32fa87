using System.Globalization;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator.Signaling;

/// <summary>
/// The signaling endpoint's HTTPS operations: GetIceServerConfig (TURN servers with short-lived
/// credentials) and SendAlexaOfferToMaster (answered by a master a test registered with
/// <see cref="EmulatorSignaling.RegisterMaster"/>).
/// </summary>
internal static class SignalingOperations
{
    /// <summary>How long the TURN credentials are valid, in seconds (the service gives 300).</summary>
    public const int IceServerTtlSeconds = 300;

    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["GetIceServerConfig"] = GetIceServerConfig,
        ["SendAlexaOfferToMaster"] = SendAlexaOfferToMaster,
    };

    private static void GetIceServerConfig(OperationContext context)
    {
        var channel = Channel(context);
        var expiry = (context.Now + TimeSpan.FromSeconds(IceServerTtlSeconds)).ToUnixTimeSeconds();
        var host = context.State.SignalingEndpoint.Host;
        var output = context.Output;
        output.WriteStartArray("IceServerList");
        output.WriteStartObject();
        output.WriteStartArray("Uris");
        output.WriteStringValue($"turn:{host}:443?transport=udp");
        output.WriteStringValue($"turns:{host}:443?transport=udp");
        output.WriteStringValue($"turns:{host}:443?transport=tcp");
        output.WriteEndArray();
        // The username says until when and for which channel, as TURN REST credentials do.
        output.WriteString("Username", string.Create(CultureInfo.InvariantCulture, $"{expiry}_{channel.Name}"));
        output.WriteString("Password", Guid.NewGuid().ToString("N"));
        output.WriteNumber("Ttl", IceServerTtlSeconds);
        output.WriteEndObject();
        output.WriteEndArray();
    }

    private static void SendAlexaOfferToMaster(OperationContext context)
    {
        var channel = Channel(context);
        if (!context.State.Masters.TryGetValue(channel.Arn, out var master))
        {
            throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"No master is connected to the signaling channel {channel.Name}.");
        }

        context.Output.WriteString("Answer", master(context.Input.String("MessagePayload")!));
    }

    private static ChannelRecord Channel(OperationContext context)
    {
        var arn = context.Input.String("ChannelARN")!;
        return context.State.Channels.FindByArn(arn)
            ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The requested signaling channel {arn} is not found.");
    }
}
