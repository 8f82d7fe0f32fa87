using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Emulator.Media.Storage;

namespace KinesisVideo.Client.Tests.Emulator.PutMedia;

/// <summary>An emulator test that opens raw PutMedia connections to the data endpoint.</summary>
public abstract class PutMediaTest : EmulatorTest
{
    /// <summary>The producer start timestamp the tests send: 2022-09-15T21:27:27.152Z.</summary>
    private protected const string StartTimestamp = "1663277247.152";

    /// <summary>An ABSOLUTE Cluster timecode (epoch milliseconds) of 2026-11-21T12:00:00Z, where the fake clock starts.</summary>
    private protected const long Epoch2026 = 1_795_262_400_000;

    private protected async Task<RawPutMediaConnection> OpenAsync(
        string? streamName,
        string? timecodeType = "ABSOLUTE",
        string? startTimestamp = StartTimestamp,
        PayloadHash payloadHash = PayloadHash.UnsignedPayload,
        string? streamArn = null,
        Func<string, string>? tamper = null)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Add("x-amzn-stream-name", streamName);
        Add("x-amzn-stream-arn", streamArn);
        Add("x-amzn-fragment-timecode-type", timecodeType);
        Add("x-amzn-producer-start-timestamp", startTimestamp);
        var pair = Kvs.Credentials[0];
        return await RawPutMediaConnection.OpenAsync(
            Kvs.DataEndpoint, Kvs.Region, new Amazon.Runtime.BasicAWSCredentials(pair.AccessKeyId, pair.SecretAccessKey), Time, headers, payloadHash, tamper);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                headers.Add(new(name, value));
            }
        }
    }

    /// <summary>The stream's stored fragments, oldest first.</summary>
    private protected IReadOnlyList<StoredFragment> Stored(string streamName) =>
        [.. MediaSeeding.MediaOf(Kvs, streamName).Snapshot().Select(s => s.Fragment)];

    /// <summary>Asserts a 200 connection whose response ends with one ERROR of <paramref name="errorId"/>/<paramref name="errorCode"/> and is then closed.</summary>
    private protected static async Task<Ack> ExpectErrorAndCloseAsync(RawPutMediaConnection connection, int errorId, string errorCode)
    {
        var acks = await connection.ReadToEndAsync();
        Assert.That(acks, Is.Not.Empty, "No acknowledgement before the response ended.");
        var last = acks[^1];
        Assert.Multiple(() =>
        {
            Assert.That(last.EventType, Is.EqualTo("ERROR"), last.Json);
            Assert.That(last.ErrorId, Is.EqualTo(errorId), last.Json);
            Assert.That(last.ErrorCode, Is.EqualTo(errorCode), last.Json);
            Assert.That(acks.Count(a => a.EventType == "ERROR"), Is.EqualTo(1));
        });
        Assert.That(await connection.IsClosedByServerAsync(), Is.True, "The connection stayed open after the ERROR.");
        return last;
    }
}
