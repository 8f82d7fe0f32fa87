using System.Buffers;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Media.PutMedia;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Tests.Emulator.Support;
using KinesisVideo.Client.Tests.Interop;

namespace KinesisVideo.Client.Tests.Media.PutMedia;

/// <summary>A PutMedia session against the emulator over loopback, on the real clock.</summary>
public class PutMediaSessionTests : InteropTest
{
    [Test]
    public async Task Frames_written_to_a_session_are_stored_and_come_back_from_GetMedia_byte_for_byte()
    {
        await CreateStreamAsync("cam");
        var (tracks, frames) = SampleFrames.Read("h264_aac.mkv");
        var origin = AnHourAgo;

        await using var session = await Media.StartPutMediaAsync(new PutMediaSessionOptions
        {
            StreamName = "cam",
            Tracks = [.. tracks.Select(ToMediaTrack)],
            TimestampOrigin = origin,
        });
        foreach (var frame in frames)
        {
            await session.WriteFrameAsync(new MediaFrame(frame.Track, TimeSpan.FromMilliseconds(frame.Timecode), frame.IsKey, frame.Payload));
        }

        var summary = await session.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var fragments = await GetMediaFromEarliestAsync("cam");
        var keyFrames = frames.Count(f => f.IsKey && f.Track == 1);
        Assert.That(summary.FragmentsWritten, Is.EqualTo(keyFrames));
        Assert.That(summary.FragmentsPersisted, Is.EqualTo(keyFrames));
        Assert.That(summary.UndeliveredTimecodes, Is.Empty);
        Assert.That(summary.FramesWritten, Is.EqualTo(frames.Count));
        var received = fragments.SelectMany(f => f.Frames).Select(f => (f.TrackNumber, f.Timecode, f.IsKeyFrame, Convert.ToHexString(f.Data.Span)));
        var expected = frames.Select(f => (f.Track, origin.ToUnixTimeMilliseconds() + f.Timecode, f.IsKey, Convert.ToHexString(f.Payload)));
        Assert.That(received, Is.EqualTo(expected));
    }

    private static MediaTrack ToMediaTrack(MkvTrackEntry entry) => entry.CodecId switch
    {
        MkvTrackEntry.H264CodecId => MediaTrack.H264(entry.CodecPrivate),
        MkvTrackEntry.AacCodecId => MediaTrack.Aac(entry.CodecPrivate),
        _ => MediaTrack.Custom(entry.TrackType, entry.CodecId, entry.CodecPrivate),
    };

    private async Task<IReadOnlyList<KvsMediaFragment>> GetMediaFromEarliestAsync(string stream)
    {
        await using var response = await Media.GetMediaAsync(new GetMediaRequest
        {
            StreamName = stream,
            StartSelector = new StartSelector { StartSelectorType = StartSelectorType.EARLIEST },
        });
        var body = new MemoryStream();
        await response.Payload.CopyToAsync(body).WaitAsync(TimeSpan.FromSeconds(20));
        return KvsFragmentReader.ReadAll(new ReadOnlySequence<byte>(body.ToArray()));
    }
}
