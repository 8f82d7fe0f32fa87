using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Emulator;

/// <summary>How a <see cref="KinesisVideoEmulator"/> is set up. Every member has a usable default.</summary>
public sealed class KinesisVideoEmulatorOptions
{
    /// <summary>The default control-plane port of the standalone server.</summary>
    public const int DefaultPort = 4567;

    /// <summary>The default region.</summary>
    public const string DefaultRegion = "us-west-2";

    /// <summary>The default account id in ARNs.</summary>
    public const string DefaultAccountId = "123456789012";

    /// <summary>The control plane's port on 127.0.0.1; 0 (the default in-process) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The region requests must be signed for and ARNs name. Default <c>us-west-2</c>.</summary>
    public string Region { get; set; } = DefaultRegion;

    /// <summary>The 12-digit account id in ARNs. Default <c>123456789012</c>.</summary>
    public string AccountId { get; set; } = DefaultAccountId;

    /// <summary>
    /// The key pairs accepted. When empty, <see cref="EmulatorCredentials.Default"/> alone is accepted.
    /// </summary>
    public IList<EmulatorCredentials> Credentials { get; } = [];

    /// <summary>The emulator's clock: signatures' dates, creation times, expirations, latency faults.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many streams the account may have; CreateStream past it fails with AccountStreamLimitExceededException.</summary>
    public int AccountStreamLimit { get; set; } = 10_000;

    /// <summary>How many signaling channels the account may have; past it, AccountChannelLimitExceededException.</summary>
    public int AccountChannelLimit { get; set; } = 10_000;

    /// <summary>How long a new stream stays CREATING before it is ACTIVE. Default zero: ACTIVE at once.</summary>
    public TimeSpan StreamActivationDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The media plane's limits and timings: the service's documented values by default; tests
    /// shorten them (a smaller fragment size limit, a shorter idle time) to exercise them cheaply.
    /// </summary>
    public MediaLimits Media { get; set; } = new();

    /// <summary>
    /// The ffmpeg GetImages decodes video with. Null (the default) looks for ffmpeg on the PATH; a path
    /// that does not exist means none. Without ffmpeg, GetImages fails with InvalidArgumentException.
    /// </summary>
    public string? FfmpegPath { get; set; }
}
