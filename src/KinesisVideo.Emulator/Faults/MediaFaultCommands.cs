using System.Text.Json;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Faults;

/// <summary>
/// The admin endpoint's media faults: the JSON form of <see cref="PutMediaFaults"/> and
/// <see cref="GetMediaFaults"/>, so tests of another process (or language) can break media
/// connections as in-process tests do.
/// </summary>
internal static class MediaFaultCommands
{
    /// <summary>The fault names this class handles, for the admin endpoint's error message.</summary>
    public const string Names = "PutMediaDropAfterBytes, PutMediaDropRandomly, PutMediaDelayAcks, PutMediaDropAcks, PutMediaFailFragment, GetMediaDropAfterBytes, GetMediaDropRandomly, GetMediaDelayEachFragment";

    /// <summary>Applies the media fault named <paramref name="name"/>; false when the name is not a media fault.</summary>
    public static bool TryApply(string? name, JsonElement fault, EmulatorFaults faults)
    {
        switch (name)
        {
            case "PutMediaDropAfterBytes":
                faults.PutMedia.DropNextConnectionAfter(Required(fault.Long("Bytes"), "Bytes"));
                return true;
            case "PutMediaDropRandomly":
                faults.PutMedia.DropConnectionsRandomly(Required(fault.Int("Seed"), "Seed"), Required(fault.Long("MaxBytes"), "MaxBytes"), fault.Int("Connections"));
                return true;
            case "PutMediaDelayAcks":
                faults.PutMedia.DelayAcknowledgements(TimeSpan.FromMilliseconds(Required(fault.Int("Milliseconds"), "Milliseconds")));
                return true;
            case "PutMediaDropAcks":
                faults.PutMedia.DropAcknowledgements(fault.Int("Count") ?? 1, fault.String("EventType"));
                return true;
            case "PutMediaFailFragment":
                faults.PutMedia.FailFragment(Required(fault.Long("FragmentIndex"), "FragmentIndex"), Required(fault.Int("ErrorId"), "ErrorId"), fault.String("StreamName"));
                return true;
            case "GetMediaDropAfterBytes":
                faults.GetMedia.DropAfterBytes(Required(fault.Long("Bytes"), "Bytes"), fault.Int("Count") ?? 1);
                return true;
            case "GetMediaDropRandomly":
                faults.GetMedia.DropAtRandom(Required(fault.Double("Probability"), "Probability"), Required(fault.Int("Seed"), "Seed"));
                return true;
            case "GetMediaDelayEachFragment":
                faults.GetMedia.DelayEachFragment(TimeSpan.FromMilliseconds(Required(fault.Int("Milliseconds"), "Milliseconds")));
                return true;
            default:
                return false;
        }
    }

    private static T Required<T>(T? value, string member)
        where T : struct =>
        value ?? throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"This fault needs the number {member}.");
}
