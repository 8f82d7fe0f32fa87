using System.Buffers;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Support;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>The session's buffer on its own: what a connection about to send finds after DropOldest made room.</summary>
public class FragmentBufferTests
{
    private static readonly byte[] s_frame = new byte[1000];

    [Test]
    public void A_connection_about_to_resend_from_a_fragment_DropOldest_gave_up_starts_at_the_first_fragment_still_held()
    {
        var writer = new KvsMkvWriter(new KvsMkvWriterOptions { Tracks = [MediaSeeding.VideoTrack] });
        using var buffer = new FragmentBuffer(new FakeTimeProvider(), maxBytes: 7_000, maxDuration: TimeSpan.FromMinutes(1));

        // Three fragments of two frames; the third is open. Nothing is being sent: a connection has
        // ended and the next one will resend from the first fragment, at byte 0.
        for (var fragment = 0; fragment < 3; fragment++)
        {
            buffer.WriteFrame(writer, 1, fragment * 1000, isKeyFrame: true, s_frame, [], out _);
            buffer.WriteFrame(writer, 1, (fragment * 1000) + 500, isKeyFrame: false, s_frame, [], out _);
        }

        long position = 0;
        var dropped = new List<PutMediaFragmentDropped>();

        // A frame that does not fit: the oldest fragments go, and their bytes are released.
        Assert.That(buffer.TryMakeRoom(2_500, 2_600, PutMediaBufferFullPolicy.DropOldest, dropped), Is.True);
        Assert.That(dropped.Select(d => d.FragmentTimecode), Is.EqualTo(new[] { 0L }), "the oldest, and only as many as needed");

        var bytes = buffer.BeginSend(ref position, connection: 2, stopAtFragmentEnd: false);
        buffer.EndSend();

        Assert.That(position, Is.GreaterThan(0), "moved past the released fragment");
        Assert.That(bytes.IsEmpty, Is.False);
        Assert.That(Clusters([.. writer.Header.ToArray(), .. bytes.ToArray()]), Is.EqualTo(new[] { 1000L, 2000L }), "the second and third fragments, from their starts");
    }

    private static List<long> Clusters(byte[] mkv)
    {
        var reader = new MkvStreamReader();
        var input = new ReadOnlySequence<byte>(mkv);
        var clusters = new List<long>();
        while (reader.TryRead(input, out var item, out var consumed, out _))
        {
            if (item.Kind == MkvEventKind.ClusterStart)
            {
                clusters.Add((long)item.ClusterTimecode!);
            }

            input = input.Slice(consumed);
        }

        return clusters;
    }
}
