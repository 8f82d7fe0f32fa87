using System.Net;
using System.Text.Json.Serialization;

namespace KinesisVideo.Client.Runtime;

/// <summary>What every response of the service carries besides its members.</summary>
public abstract class KinesisVideoResponse
{
    /// <summary>The request id the service gave the call (<c>x-amzn-RequestId</c>); quote it to AWS support.</summary>
    [JsonIgnore]
    public string? RequestId { get; set; }

    /// <summary>The HTTP status of the response.</summary>
    [JsonIgnore]
    public HttpStatusCode HttpStatusCode { get; set; }
}
