using System.Collections.Concurrent;

namespace KinesisVideo.Emulator.Auth;

/// <summary>
/// The key pairs the emulator accepts, by access key id, and which of them a test has expired.
/// Thread-safe: faults can expire credentials while requests are being verified.
/// </summary>
internal sealed class CredentialStore
{
    private readonly List<EmulatorCredentials> _inOrder = [];
    private readonly Dictionary<string, EmulatorCredentials> _byAccessKey;
    private readonly ConcurrentDictionary<string, bool> _expired = new(StringComparer.Ordinal);
    private volatile bool _allExpired;

    public CredentialStore(IEnumerable<EmulatorCredentials> credentials)
    {
        _byAccessKey = new Dictionary<string, EmulatorCredentials>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            if (_byAccessKey.TryAdd(credential.AccessKeyId, credential))
            {
                _inOrder.Add(credential);
            }
        }
    }

    /// <summary>The key pairs in the order they were configured (a repeated access key counts once, the first time).</summary>
    public IReadOnlyList<EmulatorCredentials> All => _inOrder;

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
