using System.Buffers;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Client.Tests.Mkv.Support;

/// <summary>Reads an input every way the reader supports and describes the events as comparable lines.</summary>
internal static class EventDigest
{
    public static string Describe(in MkvEvent item) => item.Kind switch
    {
        MkvEventKind.DocumentStart => $"document @{item.Offset}",
        MkvEventKind.TrackEntry => $"track {item.TrackEntry!.TrackNumber} {item.TrackEntry.TrackType} {item.TrackEntry.CodecId} {item.TrackEntry.PixelWidth}x{item.TrackEntry.PixelHeight} {item.TrackEntry.SamplingFrequency}Hz/{item.TrackEntry.Channels} private {Convert.ToHexString(item.TrackEntry.CodecPrivate.Span)}",
        MkvEventKind.ClusterStart => $"cluster @{item.Offset} tc {item.ClusterTimecode}",
        MkvEventKind.Frame => $"frame @{item.Offset} track {item.Frame.TrackNumber} tc {item.Frame.Timecode} key {item.Frame.IsKeyFrame} len {item.Frame.Payload.Length} crc {Crc(item.Frame.Payload)}",
        MkvEventKind.Tag => $"tag {item.Tag.GetName()}={(item.Tag.IsBinary ? Convert.ToHexString(item.Tag.ValueBytes.ToArray()) : item.Tag.GetStringValue())}",
        _ => "none",
    };

    /// <summary>Reads a whole sequence with TryRead, then checks the end.</summary>
    public static List<string> ReadSequence(ReadOnlySequence<byte> input, MkvReaderOptions? options = null)
    {
        var reader = new MkvStreamReader(options);
        var lines = new List<string>();
        while (true)
        {
            var found = reader.TryRead(input, out var item, out var consumed, out _);
            input = input.Slice(consumed);
            if (!found)
            {
                break;
            }

            lines.Add(Describe(item));
        }

        reader.ThrowIfTruncated(input);
        return lines;
    }

    /// <summary>Reads through the async PipeReader helper with the input revealed <paramref name="step"/> bytes at a time.</summary>
    public static async Task<List<string>> ReadPipeAsync(byte[] data, int step, MkvReaderOptions? options = null)
    {
        var lines = new List<string>();
        await foreach (var item in MkvStreamReader.ReadAsync(new FeedingPipeReader(data, step), options))
        {
            lines.Add(Describe(item));
        }

        return lines;
    }

    private static string Crc(in ReadOnlySequence<byte> bytes)
    {
        // FNV-1a: enough to tell payloads apart in a comparison.
        var hash = 14695981039346656037UL;
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
        }

        return hash.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
