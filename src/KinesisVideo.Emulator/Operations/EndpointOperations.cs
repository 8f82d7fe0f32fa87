using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Operations;

/// <summary>
/// GetDataEndpoint and GetSignalingChannelEndpoint. Both return origins other than the control
/// plane's (their own ports), so a client that sends data-plane calls to the control plane, or the
/// reverse, fails here as it fails on AWS. The emulator serves plain http and ws; the protocols in
/// GetSignalingChannelEndpoint's answer keep the service's names (HTTPS, WSS).
/// </summary>
internal static class EndpointOperations
{
    public static IEnumerable<KeyValuePair<string, OperationHandler>> Handlers { get; } = new Dictionary<string, OperationHandler>
    {
        ["GetDataEndpoint"] = GetDataEndpoint,
        ["GetSignalingChannelEndpoint"] = GetSignalingChannelEndpoint,
    };

    private static void GetDataEndpoint(OperationContext context)
    {
        StreamOperations.Resolve(context);
        context.Output.WriteString("DataEndpoint", Origin(context.State.DataEndpoint));
    }

    private static void GetSignalingChannelEndpoint(OperationContext context)
    {
        var channel = SignalingChannelOperations.Resolve(context);
        var configuration = context.Input.Object("SingleMasterChannelEndpointConfiguration");
        var protocols = configuration?.Array("Protocols").Select(p => p.GetString()!).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (protocols.Count == 0)
        {
            protocols = ["WSS", "HTTPS"];
        }

        if (protocols.Contains("WEBRTC", StringComparer.Ordinal) && channel.MediaStorageStatus != "ENABLED")
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, "The WEBRTC protocol needs a channel with media storage enabled.");
        }

        var signaling = context.State.SignalingEndpoint;
        var output = context.Output;
        output.WriteStartArray("ResourceEndpointList");
        foreach (var protocol in protocols)
        {
            output.WriteStartObject();
            output.WriteString("Protocol", protocol);
            output.WriteString("ResourceEndpoint", protocol == "WSS" ? "ws://" + signaling.Authority : Origin(signaling));
            output.WriteEndObject();
        }

        output.WriteEndArray();
    }

    // AWS returns endpoints without a trailing slash.
    private static string Origin(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);
}
