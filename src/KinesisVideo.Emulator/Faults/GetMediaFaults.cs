namespace KinesisVideo.Emulator.Faults;

/// <summary>PLACEHOLDER (foundation commit): faults of GetMedia connections, filled in by the GetMedia work.</summary>
public sealed class GetMediaFaults
{
    private int _generation;

    internal void Reset() => _generation++;
}
