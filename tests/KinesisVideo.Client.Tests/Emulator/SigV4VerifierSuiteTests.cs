using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;
using SigV4Verifier = KinesisVideo.Emulator.Auth.SigV4Verifier;
using KinesisVideo.Emulator.Auth;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Client.Tests.Emulator;

/// <summary>
/// The emulator's own SigV4 verifier against AWS's two published suites: every published signed
/// request verifies, and the same request with its date, path or signature changed is refused.
/// </summary>
/// <remarks>
/// The suites write some request targets raw (a space, non-ASCII) and encode them once in the
/// canonical request. A wire path is already percent-encoded and services other than S3 encode it
/// again, so the harness hands the verifier the suite's raw path as "the path as received": encoded
/// once by the verifier, it gives exactly the suite's canonical path. For the S3-rules vectors
/// (normalize: false) the harness encodes the raw path as a client would send it, and the verifier,
/// in S3 mode, signs it as it is.
/// </remarks>
public class SigV4VerifierSuiteTests
{
    [TestCaseSource(typeof(PublishedSignedRequest), nameof(PublishedSignedRequest.All))]
    public void The_published_signed_request_verifies(PublishedSignedRequest vector)
    {
        var credentials = Verifier(vector).Verify(vector.Request.ToSignedRequest());

        Assert.That(credentials.AccessKeyId, Is.EqualTo(PublishedSignedRequest.AccessKey));
    }

    [TestCaseSource(typeof(PublishedSignedRequest), nameof(PublishedSignedRequest.All))]
    public void The_request_with_another_date_is_refused(PublishedSignedRequest vector)
    {
        var tampered = vector.Request with
        {
            Headers = vector.Request.Headers.Select(h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, "20150830T123601Z") : h).ToList(),
        };

        AssertRefused(vector, tampered, "InvalidSignatureException");
    }

    [TestCaseSource(typeof(PublishedSignedRequest), nameof(PublishedSignedRequest.All))]
    public void The_request_with_another_path_is_refused(PublishedSignedRequest vector) =>
        AssertRefused(vector, vector.Request with { RawPath = vector.Request.RawPath + "x" }, "InvalidSignatureException");

    [TestCaseSource(typeof(PublishedSignedRequest), nameof(PublishedSignedRequest.All))]
    public void The_request_with_another_signature_is_refused(PublishedSignedRequest vector)
    {
        var tampered = vector.Request with
        {
            Headers = vector.Request.Headers.Select(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, FlipLastHexDigit(h.Value)) : h).ToList(),
        };

        AssertRefused(vector, tampered, "InvalidSignatureException");
    }

    [TestCaseSource(typeof(PublishedSignedRequest), nameof(PublishedSignedRequest.All))]
    public void The_request_checked_ten_minutes_later_has_an_expired_signature(PublishedSignedRequest vector)
    {
        var later = new FakeTimeProvider(PublishedSignedRequest.SignedAt + TimeSpan.FromMinutes(10));
        var verifier = new SigV4Verifier(Store(vector), PublishedSignedRequest.Region, PublishedSignedRequest.Service, later, vector.NormalizePath);

        var error = Assert.Throws<ServiceErrorException>(() => verifier.Verify(vector.Request.ToSignedRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo("InvalidSignatureException"));
            Assert.That(error.Message, Does.StartWith("Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z"));
            Assert.That(error.StatusCode, Is.EqualTo(403));
        });
    }

    [TestCase("/", "/")]
    [TestCase("/describeStream", "/describeStream")]
    [TestCase("/a%20b/", "/a%2520b/")]
    [TestCase("//a//b/./c/../", "/a/b/")]
    [TestCase("/a/..", "/")]
    public void The_wire_path_is_normalized_and_encoded_again(string wirePath, string canonical) =>
        Assert.That(SigV4Verifier.CanonicalPath(wirePath), Is.EqualTo(canonical));

    private static void AssertRefused(PublishedSignedRequest vector, SignedRequestData tampered, string code)
    {
        var error = Assert.Throws<ServiceErrorException>(() => Verifier(vector).Verify(tampered.ToSignedRequest()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(code), error.Message);
            Assert.That(error.StatusCode, Is.EqualTo(403));
        });
    }

    private static SigV4Verifier Verifier(PublishedSignedRequest vector) =>
        new(Store(vector), PublishedSignedRequest.Region, PublishedSignedRequest.Service, new FakeTimeProvider(PublishedSignedRequest.SignedAt), vector.NormalizePath);

    private static CredentialStore Store(PublishedSignedRequest vector) =>
        new([new EmulatorCredentials(PublishedSignedRequest.AccessKey, PublishedSignedRequest.SecretKey, vector.SessionToken)]);

    private static string FlipLastHexDigit(string authorization) =>
        authorization[..^1] + (authorization[^1] == '0' ? '1' : '0');
}
