namespace KinesisVideo.Client.Tests.Support;

/// <summary>
/// Waits for something a loopback server or a concurrent call makes true (a request arrived, a
/// lookup started). It polls real state, it does not stand in for time: clocks are faked.
/// </summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, guard.Token);
        }
    }
}
