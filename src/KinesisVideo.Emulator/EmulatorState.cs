using System.Collections.Concurrent;
using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Media.Archive;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Signaling;
using KinesisVideo.Emulator.State;

namespace KinesisVideo.Emulator;

/// <summary>
/// Everything the operations share: the resources, the settings, the clock, and the endpoints the
/// emulator currently serves. Operations run one at a time under <see cref="Gate"/>.
/// </summary>
internal sealed class EmulatorState
{
    public EmulatorState(KinesisVideoEmulatorOptions options)
    {
        Region = options.Region;
        AccountId = options.AccountId;
        Time = options.TimeProvider;
        AccountStreamLimit = options.AccountStreamLimit;
        AccountChannelLimit = options.AccountChannelLimit;
        StreamActivationDelay = options.StreamActivationDelay;
        Media = options.Media;
        FfmpegPath = options.FfmpegPath;
        Credentials = new CredentialStore(options.Credentials.Count > 0 ? options.Credentials : [EmulatorCredentials.Default]);
    }

    public Lock Gate { get; } = new();

    public string Region { get; }

    public string AccountId { get; }

    public TimeProvider Time { get; }

    public int AccountStreamLimit { get; }

    public int AccountChannelLimit { get; }

    public TimeSpan StreamActivationDelay { get; }

    public CredentialStore Credentials { get; }

    /// <summary>The media plane's limits and timings.</summary>
    public MediaLimits Media { get; }

    /// <summary>The ffmpeg GetImages runs (null: the one on the PATH).</summary>
    public string? FfmpegPath { get; }

    /// <summary>Fragment numbers, shared by every stream of the account as on AWS.</summary>
    public FragmentNumberGenerator FragmentNumbers { get; } = new();

    public StreamStore Streams { get; } = new();

    /// <summary>The HLS and DASH streaming sessions issued, by session token (thread-safe on its own).</summary>
    public PlaybackSessionStore PlaybackSessions { get; } = new();

    public SignalingChannelStore Channels { get; } = new();

    /// <summary>The KMS key streams are encrypted with when CreateStream names none: the account's service-managed key.</summary>
    public string DefaultKmsKeyId => $"arn:aws:kms:{Region}:{AccountId}:alias/aws/kinesisvideo";

    /// <summary>The data-plane origin GetDataEndpoint returns; changes when a test moves it.</summary>
    public Uri DataEndpoint { get; set; } = null!;

    /// <summary>The signaling origin GetSignalingChannelEndpoint returns (http; its WSS endpoint is the ws form).</summary>
    public Uri SignalingEndpoint { get; set; } = null!;

    /// <summary>Masters registered by tests, by channel ARN: they answer SendAlexaOfferToMaster.</summary>
    public ConcurrentDictionary<string, Func<string, string>> Masters { get; } = new(StringComparer.Ordinal);
}
