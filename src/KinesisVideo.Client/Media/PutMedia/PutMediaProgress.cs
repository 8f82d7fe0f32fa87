namespace KinesisVideo.Client.Media.PutMedia;

/// <summary>How far a PutMedia upload has got.</summary>
/// <param name="FramesWritten">Frames taken by the session.</param>
/// <param name="FragmentsWritten">Fragments started.</param>
/// <param name="BytesSent">MKV bytes sent, resent ones included (HTTP framing excluded).</param>
/// <param name="FragmentsReceived">Fragments the service has RECEIVED.</param>
/// <param name="FragmentsPersisted">Fragments the service has PERSISTED.</param>
/// <param name="FragmentsDropped">Fragments given up on (terminal errors, a full buffer).</param>
/// <param name="Reconnects">Connections opened after the first.</param>
public readonly record struct PutMediaProgress(
    long FramesWritten,
    long FragmentsWritten,
    long BytesSent,
    long FragmentsReceived,
    long FragmentsPersisted,
    long FragmentsDropped,
    int Reconnects);
