using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace KinesisVideo.Client.Runtime.Signing;

/// <summary>
/// AWSSDK.Core's default credential chain, walked on first use rather than when the client is
/// created, so that building a client (or a DI container) never touches the environment, the
/// profile files or instance metadata. The credentials it finds refresh themselves; a walk that
/// found nothing is repeated on the next call, so credentials that appear later are picked up.
/// </summary>
internal sealed class DefaultChainCredentials : AWSCredentials
{
    private Task<AWSCredentials>? _resolving;

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        var resolving = _resolving;
        if (resolving is null)
        {
            var started = DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
            resolving = Interlocked.CompareExchange(ref _resolving, started, null) ?? started;
        }

        AWSCredentials resolved;
        try
        {
            resolved = await resolving.ConfigureAwait(false);
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _resolving, null, resolving);
            throw;
        }

        return await resolved.GetCredentialsAsync().ConfigureAwait(false);
    }
}
