namespace KinesisVideo.Emulator.Signaling;

/// <summary>
/// Test controls of the signaling endpoint: stand in for a master peer connected to a channel, so
/// SendAlexaOfferToMaster gets an answer.
/// </summary>
public sealed class EmulatorSignaling
{
    private readonly EmulatorState _state;

    internal EmulatorSignaling(EmulatorState state) => _state = state;

    /// <summary>
    /// Registers a master on <paramref name="channelArn"/> that answers each offer with
    /// <paramref name="answerFactory"/>'s result (both base64-encoded SDP, as on the wire).
    /// Replaces a master registered before; ends when the channel is deleted.
    /// </summary>
    /// <param name="channelArn">The signaling channel's ARN.</param>
    /// <param name="answerFactory">Gets the offer's MessagePayload and returns the Answer.</param>
    public void RegisterMaster(string channelArn, Func<string, string> answerFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelArn);
        ArgumentNullException.ThrowIfNull(answerFactory);
        _state.Masters[channelArn] = answerFactory;
    }

    /// <summary>Disconnects the master of <paramref name="channelArn"/>; returns false when there was none.</summary>
    /// <param name="channelArn">The signaling channel's ARN.</param>
    public bool UnregisterMaster(string channelArn) => _state.Masters.TryRemove(channelArn, out _);
}
