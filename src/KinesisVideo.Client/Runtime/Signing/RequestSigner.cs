using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace KinesisVideo.Client.Runtime.Signing;

/// <summary>
/// Signs requests with SigV4 for the service name <c>kinesisvideo</c> through AWSSDK.Core's public
/// signer. Each call asks the credentials for their current value and signs at the time of the
/// injected clock, so every attempt of a call carries a fresh signature.
/// </summary>
internal sealed class RequestSigner
{
    /// <summary>The signing name of all four Kinesis Video Streams APIs.</summary>
    public const string ServiceName = "kinesisvideo";

    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly TimeProvider _timeProvider;

    public RequestSigner(AWSCredentials credentials, string region, TimeProvider timeProvider)
    {
        _credentials = credentials;
        _region = RegionEndpoint.GetBySystemName(region);
        _timeProvider = timeProvider;
        Region = region;
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>
    /// Signs <paramref name="request"/> and adds the signature headers (Authorization, X-Amz-Date,
    /// X-Amz-Content-Sha256 and, for session credentials, X-Amz-Security-Token).
    /// </summary>
    /// <param name="request">The request; its <c>Content-Type</c>, if any, is signed too.</param>
    /// <param name="body">The exact bytes of the body, hashed into the signature.</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    public async ValueTask SignAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
    {
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = body,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }

        var result = await AWSSigV4Signer.SignAsync(signingRequest, Parameters(signPayload: true), cancellationToken).ConfigureAwait(false);
        foreach (var header in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    private AWSSigV4Parameters Parameters(bool signPayload) => new()
    {
        Credentials = _credentials,
        Region = _region,
        Service = ServiceName,
        SignPayload = signPayload,
        SignedAt = _timeProvider.GetUtcNow().UtcDateTime,
    };
}
