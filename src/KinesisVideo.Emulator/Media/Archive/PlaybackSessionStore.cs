using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// The streaming sessions the emulator issued, by session token. Tokens are 256 random bits, so a
/// session URL cannot be guessed from another. Thread-safe: the session URLs are served outside the
/// state lock.
/// </summary>
internal sealed class PlaybackSessionStore
{
    private readonly ConcurrentDictionary<string, PlaybackSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Creates a session under a new token; sessions that expired before <paramref name="now"/> are forgotten.</summary>
    public PlaybackSession Add(Func<string, PlaybackSession> create, DateTimeOffset now)
    {
        foreach (var (token, session) in _sessions)
        {
            if (session.ExpiresAt <= now)
            {
                _sessions.TryRemove(token, out _);
            }
        }

        var created = create(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        _sessions[created.Token] = created;
        return created;
    }

    /// <summary>The session of <paramref name="token"/>, expired or not; null when the emulator has none.</summary>
    public PlaybackSession? Find(string token) => _sessions.GetValueOrDefault(token);
}
