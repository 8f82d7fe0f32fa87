using KinesisVideo.Client.Runtime;

namespace KinesisVideo.Client.Media.GetMedia;

/// <summary>
/// How one parsed GetMedia read goes on. The client-wide timings (idle timeout, fragment size cap,
/// resume backoff) are <see cref="KinesisVideoClientOptions.GetMedia"/>.
/// </summary>
public sealed class GetMediaReadOptions
{
    /// <summary>The defaults: <see cref="GetMediaReadMode.Auto"/>, errors thrown.</summary>
    public static GetMediaReadOptions Default { get; } = new();

    /// <summary>Whether the read waits for new fragments for ever or ends once the stream has no more.</summary>
    public GetMediaReadMode Mode { get; init; } = GetMediaReadMode.Auto;

    /// <summary>What an error the service sends in place of a fragment does: end the read (the default) or come as an item.</summary>
    public FragmentErrorHandling OnFragmentError { get; init; } = FragmentErrorHandling.Throw;
}

/// <summary>When a parsed GetMedia read ends.</summary>
public enum GetMediaReadMode
{
    /// <summary><see cref="Follow"/> for the NOW start selector (a live read), <see cref="Bounded"/> for every other.</summary>
    Auto = 0,

    /// <summary>
    /// Keep reading until cancelled: when the service ends a caught-up response (after about 3 s
    /// without a new fragment), connect again from the last fragment and wait for the next one.
    /// </summary>
    Follow = 1,

    /// <summary>End once the service has nothing more: when a response ends without a new fragment.</summary>
    Bounded = 2,
}
