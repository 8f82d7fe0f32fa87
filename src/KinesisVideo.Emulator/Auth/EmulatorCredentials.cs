namespace KinesisVideo.Emulator.Auth;

/// <summary>
/// A key pair the emulator accepts, with the session token that must accompany it when it stands for
/// temporary credentials, and the time those expire.
/// </summary>
/// <param name="AccessKeyId">The access key id, as it appears in the request's credential scope.</param>
/// <param name="SecretAccessKey">The secret key the request must be signed with.</param>
/// <param name="SessionToken">When set, requests must carry it in <c>X-Amz-Security-Token</c>.</param>
/// <param name="Expiration">When set, requests signed at or after this time get <c>ExpiredTokenException</c>.</param>
public sealed record EmulatorCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    /// <summary>The access key id the emulator accepts when none is configured.</summary>
    public const string DefaultAccessKeyId = "AKIAKVSEMULATOR00000";

    /// <summary>The secret key of <see cref="DefaultAccessKeyId"/>. A published test value, not a secret.</summary>
    public const string DefaultSecretAccessKey = "kvs-emulator/DefaultSecretKey/NotASecret0";

    /// <summary>The well-known test key pair the emulator accepts when it is given none.</summary>
    public static EmulatorCredentials Default { get; } = new(DefaultAccessKeyId, DefaultSecretAccessKey);

    /// <summary>Keeps the secret key and session token out of logs and test output.</summary>
    public override string ToString() => $"EmulatorCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
