using System.Collections.Concurrent;

namespace KinesisVideo.Emulator.Auth;

/// <summary>
/// The key pairs the emulator accepts, by access key id, and which of them a test has expired.
/// Thread-safe: faults can expire credentials while requests are being verified.
/// </summary>
internal sealed class CredentialStore
{
    private readonly Dictionary<string, EmulatorCredentials> _byAccessKey;
    private readonly ConcurrentDictionary<string, bool> _expired = new(StringComparer.Ordinal);
    private volatile bool _allExpired;

    public CredentialStore(IEnumerable<EmulatorCredentials> credentials)
    {
        _byAccessKey = new Dictionary<string, EmulatorCredentials>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            _byAccessKey[credential.AccessKeyId] = credential;
        }
    }

    public IReadOnlyCollection<EmulatorCredentials> All => _byAccessKey.Values;

    public EmulatorCredentials? Find(string accessKeyId) => _byAccessKey.GetValueOrDefault(accessKeyId);

    public bool IsExpired(EmulatorCredentials credentials, DateTimeOffset now) =>
        _allExpired || _expired.ContainsKey(credentials.AccessKeyId) || credentials.Expiration <= now;

    /// <summary>Expires one access key, or all of them when <paramref name="accessKeyId"/> is null.</summary>
    public void Expire(string? accessKeyId)
    {
        if (accessKeyId is null)
        {
            _allExpired = true;
        }
        else
        {
            _expired[accessKeyId] = true;
        }
    }

    public void Restore()
    {
        _allExpired = false;
        _expired.Clear();
    }
}
