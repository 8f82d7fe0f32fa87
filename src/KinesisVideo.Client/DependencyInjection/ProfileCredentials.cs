using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>
/// Credentials from a named profile, looked up through AWSSDK.Core's profile store chain (the shared
/// credentials and config files, or the file given), as AWSSDK.Extensions.NETCore.Setup does.
/// </summary>
internal static class ProfileCredentials
{
    /// <summary>The profile's credentials; they refresh themselves where the profile's kind does (SSO, processes).</summary>
    /// <exception cref="InvalidOperationException">No such profile, or a profile that yields no credentials.</exception>
    public static AWSCredentials Find(string profile, string? profilesLocation, string key)
    {
        var chain = string.IsNullOrEmpty(profilesLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
        if (chain.TryGetAWSCredentials(profile, out var credentials) && credentials is not null)
        {
            return credentials;
        }

        var where = string.IsNullOrEmpty(profilesLocation) ? "the shared credentials and config files" : profilesLocation;
        throw new InvalidOperationException($"{key}: the profile \"{profile}\" is not in {where}, or gives no credentials.");
    }
}
