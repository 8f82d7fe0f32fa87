using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Tests.Emulator.GetMedia.Support;

/// <summary>
/// Reads a streamed response body in the background as it arrives, so a test can wait for the
/// documents that have arrived so far (parsed by the client's <see cref="KvsFragmentReader"/>)
/// while the connection stays open, and then for how the body ended: cleanly, or dropped.
/// Every wait is bounded, so a missing fragment fails the test instead of hanging it.
/// </summary>
internal sealed class MediaBody : IAsyncDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly ArrayBufferWriter<byte> _received = new();
    private readonly Task<bool> _reading;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MediaBody(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reading = ReadAsync(body);
    }

    /// <summary>Starts reading the body of <paramref name="response"/> (which must be a 200).</summary>
    public static async Task<MediaBody> StartAsync(HttpResponseMessage response)
    {
        Assert.That((int)response.StatusCode, Is.EqualTo(200), "the emulator did not answer 200");
        return new MediaBody(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The bytes received so far.</summary>
    public byte[] Received
    {
        get
        {
            lock (_gate)
            {
                return _received.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>
    /// Waits until the body received so far parses into at least <paramref name="count"/> whole
    /// documents, and returns them all. Documents are flushed whole, so the received bytes end on a
    /// document boundary whenever the emulator waits.
    /// </summary>
    public async Task<IReadOnlyList<KvsMediaFragment>> WaitForFragmentsAsync(int count)
    {
        using var deadline = new CancellationTokenSource(s_bound);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                arrived = _arrived.Task;
            }

            if (TryParse(Received) is { } fragments && fragments.Count >= count)
            {
                return fragments;
            }

            if (_reading.IsCompleted)
            {
                Assert.Fail($"The body ended after {Received.Length} bytes, before {count} documents arrived.");
            }

            await arrived.WaitAsync(deadline.Token);
        }
    }

    /// <summary>Waits for the end of the body: true when it ended cleanly, false when the connection was dropped.</summary>
    public Task<bool> WaitForEndAsync() => _reading.WaitAsync(s_bound);

    /// <summary>Waits for a clean end of the body and returns every document in it.</summary>
    public async Task<IReadOnlyList<KvsMediaFragment>> ReadToEndAsync()
    {
        Assert.That(await WaitForEndAsync(), Is.True, "the connection was dropped");
        return KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(Received));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.WaitAsync(s_bound);
        _response.Dispose();
        _stop.Dispose();
    }

    private static List<KvsMediaFragment>? TryParse(byte[] bytes)
    {
        try
        {
            return [.. KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(bytes))];
        }
        catch (MkvFormatException)
        {
            // The last document is still arriving.
            return null;
        }
    }

    private async Task<bool> ReadAsync(Stream body)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await body.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return true;
                }

                TaskCompletionSource arrived;
                lock (_gate)
                {
                    _received.Write(buffer.AsSpan(0, n));
                    arrived = _arrived;
                    _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                arrived.SetResult();
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            await body.DisposeAsync();
            lock (_gate)
            {
                _arrived.TrySetResult();
            }
        }
    }
}
