using KinesisVideo.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.DependencyInjection;

/// <summary>A container built from in-memory configuration, clients that talk to a <see cref="FakeKinesisVideoServer"/>, and a credentials file.</summary>
public abstract class DependencyInjectionTest : FakeServerTest
{
    private protected const string AccessKey = "AKIDFROMCONFIG";
    private protected const string ProfileAccessKey = "AKIDFROMPROFILE";
    private protected const string OtherProfileAccessKey = "AKIDOTHERPROFILE";

    private readonly List<string> _files = [];

    /// <summary>A credentials file with the profiles "kvs" and "other".</summary>
    private protected string CredentialsFile { get; private set; } = null!;

    [SetUp]
    public void WriteCredentialsFile()
    {
        CredentialsFile = Path.Combine(Path.GetTempPath(), "kvs-di-" + Guid.NewGuid().ToString("N") + ".ini");
        File.WriteAllText(CredentialsFile, $"""
            [kvs]
            aws_access_key_id = {ProfileAccessKey}
            aws_secret_access_key = profileSecret/0123456789abcdefghijklmnopqrst

            [other]
            aws_access_key_id = {OtherProfileAccessKey}
            aws_secret_access_key = otherSecret/0123456789abcdefghijklmnopqrstu
            """);
        _files.Add(CredentialsFile);
    }

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    /// <summary>Configuration pointing at the fake server, with a profile from the test's credentials file, plus <paramref name="settings"/>.</summary>
    private protected IConfiguration Configuration(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS:Region"] = TestClients.Region,
            ["AWS:ServiceURL"] = Server.Url.ToString(),
            ["AWS:Profile"] = "kvs",
            ["AWS:ProfilesLocation"] = CredentialsFile,
            // Long enough never to fire unless a test advances the clock that far.
            ["KinesisVideo:AttemptTimeout"] = "00:10:00",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>A container with the fake clock as its TimeProvider, logging into <paramref name="logs"/> when given.</summary>
    private protected ServiceCollection Services(CapturingLoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        return services;
    }

    /// <summary>The access key id the request was signed with.</summary>
    private protected static string SignedAccessKey(RecordedRequest request)
    {
        var authorization = request.Headers["Authorization"];
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length;
        return authorization[start..authorization.IndexOf('/', start)];
    }

    /// <summary>The region in the request's credential scope.</summary>
    private protected static string SignedRegion(RecordedRequest request) =>
        request.Headers["Authorization"].Split('/')[2];
}
