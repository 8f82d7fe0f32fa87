using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.DependencyInjection;

/// <summary>The log messages of the DI registration (event ids 300–399). None carries a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Kinesis Video clients {Registration}: region {Region}, control plane {ServiceUrl}, credentials from {CredentialSource}, HttpClient \"{HttpClientName}\"")]
    public static partial void Configured(ILogger logger, string registration, string region, string serviceUrl, string credentialSource, string httpClientName);
}
