namespace KinesisVideo.Emulator.Faults;

/// <summary>PLACEHOLDER (foundation commit): faults of PutMedia connections, filled in by the ingest work.</summary>
public sealed class PutMediaFaults
{
    private int _generation;

    internal void Reset() => _generation++;
}
