namespace KinesisVideo.Client.Tests.Support;

/// <summary>A test class whose every test gets a fresh <see cref="FakeKinesisVideoServer"/> on 127.0.0.1 and a fresh fake clock.</summary>
public abstract class FakeServerTest
{
    private protected FakeKinesisVideoServer Server { get; private set; } = null!;

    private protected FakeTimeProvider Time { get; private set; } = null!;

    [SetUp]
    public async Task StartServer()
    {
        Server = await FakeKinesisVideoServer.StartAsync();
        Time = new FakeTimeProvider();
    }

    [TearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    /// <summary>Replaces the server (for example to free its port); the old one is stopped.</summary>
    private protected async Task RestartServerAsync()
    {
        await Server.DisposeAsync();
        Server = await FakeKinesisVideoServer.StartAsync();
    }
}
