using KinesisVideo.Client.Media;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Resilience;

namespace KinesisVideo.Client.Tests.Runtime;

/// <summary>The reading defaults hung off the client options, and which failures a read resumes from.</summary>
public class GetMediaOptionsTests
{
    [TestCase(0, 1024, 0, 1, 1, "IdleTimeout")]
    [TestCase(20, 100, 0, 1, 1, "MaxFragmentSize")]
    [TestCase(20, 1024, 2, 1, 1, "ResumeBaseDelay")]
    [TestCase(20, 1024, 0, 1, -1, "MaxConsecutiveFailures")]
    public void Invalid_reading_defaults_are_refused_when_the_client_is_created(int idleSeconds, long maxFragment, int baseSeconds, int maxSeconds, int failures, string member)
    {
        var options = new KinesisVideoClientOptions { Region = "us-west-2" };
        options.GetMedia.IdleTimeout = TimeSpan.FromSeconds(idleSeconds);
        options.GetMedia.MaxFragmentSize = maxFragment;
        options.GetMedia.ResumeBaseDelay = TimeSpan.FromSeconds(baseSeconds);
        options.GetMedia.ResumeMaxDelay = TimeSpan.FromSeconds(maxSeconds);
        options.GetMedia.MaxConsecutiveFailures = failures;

        var error = Assert.Throws<ArgumentException>(() => new KinesisVideoMediaClient(options).Dispose());

        Assert.That(error!.ParamName, Is.EqualTo("GetMedia." + member), "the path of the setting, as the options validator maps it to a configuration key");
    }

    [Test]
    public void The_defaults_are_the_documented_ones_and_a_client_keeps_them_as_they_were_when_it_was_created()
    {
        var options = new KinesisVideoClientOptions { Region = "us-west-2" };
        Assert.That(options.GetMedia.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(options.GetMedia.MaxFragmentSize, Is.EqualTo(51L * 1024 * 1024));
        Assert.That(options.GetMedia.MaxConsecutiveFailures, Is.EqualTo(10));

        var runtime = new ClientRuntime(options, "test");
        options.GetMedia.IdleTimeout = TimeSpan.FromSeconds(1);

        Assert.That(runtime.GetMedia.IdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        runtime.Dispose();
    }

    [Test]
    public void A_read_resumes_from_throttling_the_reader_limit_wrong_endpoints_stalls_and_drops_but_not_from_refusals()
    {
        static KinesisVideoException Error(string code) => ModeledErrorFactory.TryCreate(code, "m", System.Net.HttpStatusCode.BadRequest, null)!;

        Assert.Multiple(() =>
        {
            Assert.That(ResumableFailure.IsResumable(Error(ErrorCodes.ClientLimitExceededException), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(Error(ErrorCodes.ConnectionLimitExceededException), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(Error(ErrorCodes.InvalidEndpointException), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(new TimeoutException(), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(new IOException("reset"), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(new FragmentErrorException("GetMedia", 5000, "internal", null), default), Is.True);
            Assert.That(ResumableFailure.IsResumable(new FragmentErrorException("GetMedia", 4000, "not found", null), default), Is.False);
            Assert.That(ResumableFailure.IsResumable(Error(ErrorCodes.ResourceNotFoundException), default), Is.False);
            Assert.That(ResumableFailure.IsResumable(Error(ErrorCodes.NotAuthorizedException), default), Is.False);
            Assert.That(ResumableFailure.IsResumable(new IOException("reset"), new CancellationToken(canceled: true)), Is.False);
        });
    }
}
