using Amazon.Runtime;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>An emulator test that reads media from the data endpoint: a streamed caller, and seeded streams.</summary>
public abstract class GetMediaTest : EmulatorTest
{
    private protected const string StreamName = "cam-1";

    private protected MediaCaller Media { get; private set; } = null!;

    [SetUp]
    public void CreateMediaCaller()
    {
        var pair = Kvs.Credentials[0];
        Media = new MediaCaller(Kvs.DataEndpoint, Kvs.Region, new BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey), Time);
    }

    [TearDown]
    public void DisposeMediaCaller() => Media.Dispose();

    /// <summary>The store of the test's stream.</summary>
    private protected StreamMedia Store => MediaSeeding.MediaOf(Kvs, StreamName);

    /// <summary>Creates the test's stream and seeds it with <paramref name="count"/> fragments, one second apart, ending a minute ago.</summary>
    private protected async Task<IReadOnlyList<StoredFragment>> CreateSeededStreamAsync(int count, int retentionHours = 24)
    {
        await CreateStreamAsync(StreamName, retentionHours);
        return MediaSeeding.Seed(Kvs, StreamName, count, Time.GetUtcNow() - TimeSpan.FromSeconds(60 + count));
    }

    /// <summary>Stores one more fragment, as ingest would, stamped with the emulator's time now.</summary>
    private protected StoredFragment Append(int seed = 100, IReadOnlyList<KeyValuePair<string, string>>? metadata = null)
    {
        var now = Time.GetUtcNow();
        var fragment = MediaSeeding.Fragment(Kvs, MediaSeeding.Header(), now, now, metadata: metadata, seed: seed);
        Store.Append(fragment);
        return fragment;
    }

    /// <summary>Starts a GetMedia on the test's stream with the StartSelector JSON <paramref name="selector"/>.</summary>
    private protected Task<HttpResponseMessage> GetMediaAsync(string selector) =>
        Media.PostAsync("/getMedia", $$"""{"StreamName":"{{StreamName}}","StartSelector":{{selector}}}""");

    /// <summary>Starts a GetMedia that must answer 200 and returns its body reader.</summary>
    private protected async Task<MediaBody> OpenAsync(string selector) => await MediaBody.StartAsync(await GetMediaAsync(selector));

    /// <summary>
    /// Waits until the emulator is waiting for a new fragment, lets its idle timeout pass on the fake
    /// clock, and returns every document of the body, which must then end cleanly.
    /// </summary>
    private protected async Task<IReadOnlyList<KvsMediaFragment>> EndByIdleTimeoutAsync(MediaBody body)
    {
        var idle = Kvs.State.Media.GetMediaIdleTimeout;
        await Time.WaitForTimerAsync(d => d == idle).WaitAsync(TimeSpan.FromSeconds(10));
        Time.Advance(idle);
        return await body.ReadToEndAsync();
    }

    /// <summary>The answer to a request the emulator refused before streaming.</summary>
    private protected static async Task<EmulatorResponse> ErrorOf(HttpResponseMessage response)
    {
        using (response)
        {
            return await EmulatorResponse.ReadAsync(response).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
