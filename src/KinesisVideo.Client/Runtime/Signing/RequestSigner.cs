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
    public const string KinesisVideoService = "kinesisvideo";

    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _service;
    private readonly TimeProvider _timeProvider;

    public RequestSigner(AWSCredentials credentials, string region, TimeProvider timeProvider, string service = KinesisVideoService)
    {
        _credentials = credentials;
        _region = RegionEndpoint.GetBySystemName(region);
        _service = service;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Signs <paramref name="request"/> and adds the signature headers (Authorization, X-Amz-Date,
    /// X-Amz-Content-Sha256 and, for session credentials, X-Amz-Security-Token). The request's
    /// headers and its <c>Content-Type</c> are signed with it.
    /// </summary>
    /// <param name="request">The request, complete but for the signature.</param>
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
        foreach (var header in request.Headers.NonValidated)
        {
            signingRequest.Headers[header.Key] = header.Value.ToString();
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }

        foreach (var header in await SignAsync(signingRequest, cancellationToken).ConfigureAwait(false))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>Signs a request described independently of any HTTP stack; returns the headers to add to it.</summary>
    /// <param name="request">
    /// The request. A streaming body that cannot be hashed is signed by setting
    /// <c>x-amz-content-sha256</c> in its headers (for example to <c>UNSIGNED-PAYLOAD</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    public async ValueTask<IDictionary<string, string>> SignAsync(AWSSigningRequest request, CancellationToken cancellationToken)
    {
        var result = await AWSSigV4Signer.SignAsync(request, Parameters(), cancellationToken).ConfigureAwait(false);
        return result.Headers;
    }

    /// <summary>Signs a request into its URL (query-string signing), valid for <paramref name="expiry"/>.</summary>
    /// <param name="request">The request to presign.</param>
    /// <param name="expiry">How long the URL stays valid (at most 7 days).</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    public async ValueTask<Uri> PresignAsync(AWSSigningRequest request, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var result = await AWSSigV4Signer.PresignAsync(request, Parameters(), expiry, cancellationToken).ConfigureAwait(false);
        return result.Uri;
    }

    private AWSSigV4Parameters Parameters() => new()
    {
        Credentials = _credentials,
        Region = _region,
        Service = _service,
        SignedAt = _timeProvider.GetUtcNow().UtcDateTime,
    };
}
