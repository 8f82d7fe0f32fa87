using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Emulator;

namespace KinesisVideo.Samples.Quickstart;

/// <summary>Where the quickstart runs: an emulator in this process, or AWS.</summary>
internal sealed class Target : IAsyncDisposable
{
    private readonly KinesisVideoEmulator? _emulator;

    private Target(KinesisVideoClientOptions options, string description, KinesisVideoEmulator? emulator)
    {
        Options = options;
        Description = description;
        _emulator = emulator;
    }

    public KinesisVideoClientOptions Options { get; }

    public string Description { get; }

    public bool IsEmulator => _emulator is not null;

    /// <summary>Starts the emulator on a free port of 127.0.0.1 and points the clients at it.</summary>
    public static async Task<Target> EmulatorAsync(CancellationToken cancellationToken)
    {
        var emulator = await KinesisVideoEmulator.StartAsync(cancellationToken: cancellationToken);
        var key = emulator.Credentials[0];
        return new Target(
            new KinesisVideoClientOptions
            {
                Region = emulator.Region,
                ServiceUrl = emulator.ServiceUrl,
                Credentials = new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            },
            $"the emulator in this process, {emulator.ServiceUrl}",
            emulator);
    }

    /// <summary>AWS in <paramref name="region"/>, with credentials the AWS SDKs' default chain finds (checked now, to fail early).</summary>
    /// <exception cref="QuickstartException">No credentials were found.</exception>
    public static async Task<Target> AwsAsync(string region)
    {
        AWSCredentials credentials;
        try
        {
            credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
            await credentials.GetCredentialsAsync();
        }
        catch (AmazonClientException)
        {
            throw new QuickstartException("no AWS credentials found for --region: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run 'aws configure'");
        }

        return new Target(new KinesisVideoClientOptions { Region = region, Credentials = credentials }, $"AWS, {region}", emulator: null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

/// <summary>An error the quickstart explains in one line, with what to do.</summary>
internal sealed class QuickstartException(string message) : Exception(message);
