using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KinesisVideo.Emulator.Hosting;
using KinesisVideo.Emulator.Media.Rendering;
using KinesisVideo.Emulator.Media.Rendering.Images;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// GetImages: the documented rules (a range of at most 300 seconds, a sampling interval of at least
/// 200 ms, a JPEG quality of 1 to 100, no width without a height, only tokens it issued; a stream that
/// keeps data), then one image per sampling time from StartTimestamp to EndTimestamp, 25 a page: the
/// frame shown at that time (the latest that starts at or before it) of the fragment playing then,
/// decoded by ffmpeg (<see cref="FfmpegImageDecoder"/>), NO_MEDIA where no fragment plays, MEDIA_ERROR
/// where the media yields no image (audio only, or ffmpeg could not decode it). Without ffmpeg the
/// request fails with InvalidArgumentException saying so: the emulator never returns a made-up image.
/// Streamed (outside the state lock) because decoding takes real time.
/// </summary>
internal static class GetImagesOperation
{
    /// <summary>The longest range one request may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromSeconds(300);

    /// <summary>The shortest sampling interval, in milliseconds (5 images per second).</summary>
    public const int MinSamplingIntervalMilliseconds = 200;

    /// <summary>SamplingInterval when none is given: the references document none; 3000 ms, the older references' minimum.</summary>
    public const int DefaultSamplingIntervalMilliseconds = 3000;

    /// <summary>The largest page (documented: more than 25 gives pages of 25).</summary>
    public const int MaxPageSize = 25;

    /// <summary>The message when ffmpeg is missing (docs/emulator.md quotes it).</summary>
    public const string NoDecoderMessage = "GetImages needs ffmpeg to decode video, and this emulator found none: install ffmpeg on its PATH or set KinesisVideoEmulatorOptions.FfmpegPath.";

    public static async Task HandleAsync(StreamingOperationContext context)
    {
        var input = context.Input;
        var query = ReadQuery(input);
        string streamArn;
        List<StoredFragment> fragments;
        lock (context.State.Gate)
        {
            var stream = context.State.Streams.Resolve(input.String("StreamName"), input.String("StreamARN"));
            if (stream.DataRetentionInHours == 0)
            {
                throw new ServiceErrorException(ErrorCodes.NoDataRetention, $"The stream {stream.Name} does not retain data (DataRetentionInHours is 0), so it has no images.");
            }

            streamArn = stream.Arn;
            fragments = ArchivedFragments.Of(stream, context.Now);
        }

        var first = input.String("NextToken") is { } token ? ReadToken(token, streamArn, query) : 0;
        var executable = FfmpegImageDecoder.Find(context.State.FfmpegPath)
            ?? throw new ServiceErrorException(ErrorCodes.InvalidArgument, NoDecoderMessage);
        var decoder = new FfmpegImageDecoder(executable, context.State.Media.ImageDecodeTimeout);

        var count = (long)((query.End - query.Start) / query.Interval) + 1;
        var pageSize = Math.Min(input.Int("MaxResults") ?? MaxPageSize, MaxPageSize);
        var last = Math.Min(count, first + pageSize);
        var times = new List<DateTimeOffset>();
        for (var k = first; k < last; k++)
        {
            times.Add(query.Start + (query.Interval * k));
        }

        var images = await RenderAsync(times, fragments, query, decoder, context.Aborted).ConfigureAwait(false);
        var json = new ArrayBufferWriter<byte>();
        using (var output = new Utf8JsonWriter(json))
        {
            output.WriteStartObject();
            output.WriteStartArray("Images");
            for (var i = 0; i < times.Count; i++)
            {
                output.WriteStartObject();
                output.WriteEpochSeconds("TimeStamp", times[i]);
                if (images[i].Content is { } content)
                {
                    output.WriteBase64String("ImageContent", content);
                }
                else
                {
                    output.WriteString("Error", images[i].Error);
                }

                output.WriteEndObject();
            }

            output.WriteEndArray();
            if (last < count)
            {
                output.WriteString("NextToken", SignedToken.Seal(string.Join('\n', "GetImages", streamArn, query.Key, last.ToString(CultureInfo.InvariantCulture))));
            }

            output.WriteEndObject();
        }

        await RequestPipeline.WriteJsonAsync(context.Http, 200, json).ConfigureAwait(false);
    }

    private static async Task<List<(byte[]? Content, string? Error)>> RenderAsync(List<DateTimeOffset> times, List<StoredFragment> fragments, ImageQuery query, FfmpegImageDecoder decoder, CancellationToken cancellationToken)
    {
        var results = new (byte[]? Content, string? Error)[times.Count];
        var wanted = new Dictionary<StoredFragment, List<(int Slot, int Frame)>>();
        for (var i = 0; i < times.Count; i++)
        {
            results[i] = (null, "NO_MEDIA");
            if (Showing(fragments, query, times[i]) is not { } shown)
            {
                continue;
            }

            if (shown.Frame < 0)
            {
                results[i] = (null, "MEDIA_ERROR");
                continue;
            }

            if (!wanted.TryGetValue(shown.Fragment, out var slots))
            {
                wanted[shown.Fragment] = slots = [];
            }

            slots.Add((i, shown.Frame));
        }

        foreach (var (fragment, slots) in wanted)
        {
            var frames = slots.Select(s => s.Frame).Distinct().Order().ToList();
            var decoded = await decoder.DecodeAsync(fragment, frames, query.Format, cancellationToken).ConfigureAwait(false);
            foreach (var (slot, frame) in slots)
            {
                results[slot] = decoded?.GetValueOrDefault(frame) is { } image ? (image, null) : (null, "MEDIA_ERROR");
            }
        }

        return [.. results];
    }

    // The fragment playing at `time` (the latest to start at or before it and not yet over), and the
    // index in presentation order of its video frame shown then; -1 when it has no video.
    private static (StoredFragment Fragment, int Frame)? Showing(List<StoredFragment> fragments, ImageQuery query, DateTimeOffset time)
    {
        for (var f = fragments.Count - 1; f >= 0; f--)
        {
            var fragment = fragments[f];
            var start = query.ByProducerTimestamp ? fragment.ProducerTimestamp : fragment.ServerTimestamp;
            if (start > time)
            {
                continue;
            }

            var video = MediaTrack.FromEntries(fragment.Header.Tracks).FirstOrDefault(t => t.IsVideo);
            if (video is null)
            {
                return time <= start + fragment.Duration ? (fragment, -1) : null;
            }

            var samples = TrackSamples.Of(fragment, video);
            if (samples.Count == 0)
            {
                return null;
            }

            var origin = TrackSamples.ToTimescale(fragment.ProducerTimestamp, video.Timescale);
            var offset = (long)((Int128)(time - start).Ticks * video.Timescale / TimeSpan.TicksPerSecond);
            var presented = samples.Select(s => s.PresentationTime - origin).Order().ToList();
            if (offset >= presented[^1] + samples[^1].Duration || offset < presented[0])
            {
                // Over before `time` (or starting after it): fragments that started earlier are over too.
                return null;
            }

            return (fragment, presented.FindLastIndex(p => p <= offset));
        }

        return null;
    }

    private static ImageQuery ReadQuery(JsonElement input)
    {
        var start = input.Timestamp("StartTimestamp")!.Value;
        var end = input.Timestamp("EndTimestamp")!.Value;
        if (end < start)
        {
            throw Invalid($"EndTimestamp {end:O} is before StartTimestamp {start:O}.");
        }

        if (end - start > MaxRange)
        {
            throw Invalid($"EndTimestamp {end:O} is more than {MaxRange.TotalSeconds} seconds after StartTimestamp {start:O}.");
        }

        var interval = input.Int("SamplingInterval") ?? DefaultSamplingIntervalMilliseconds;
        if (interval < MinSamplingIntervalMilliseconds)
        {
            throw Invalid($"SamplingInterval {interval} is below the minimum of {MinSamplingIntervalMilliseconds} milliseconds.");
        }

        var quality = 80;
        if (input.Object("FormatConfig")?.String("JPEGQuality") is { } text
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out quality) && quality is >= 1 and <= 100))
        {
            throw Invalid($"FormatConfig JPEGQuality '{text}' must be a whole number from 1 to 100.");
        }

        // The reference contradicts itself on HeightPixels alone (kept to the aspect ratio, or refused);
        // both passages refuse WidthPixels alone, so that is what the emulator refuses.
        var width = input.Int("WidthPixels");
        var height = input.Int("HeightPixels");
        if (width is not null && height is null)
        {
            throw Invalid("WidthPixels needs HeightPixels.");
        }

        var format = new ImageFormat(input.String("Format") == "PNG", quality, width ?? 0, height ?? 0);
        return new ImageQuery(input.String("ImageSelectorType") == FragmentTimeRange.ProducerTimestamp, start, end, TimeSpan.FromMilliseconds(interval), format);
    }

    private static long ReadToken(string token, string streamArn, ImageQuery query)
    {
        var parts = SignedToken.TryOpen(token, out var text) ? text.Split('\n') : [];
        return parts.Length == 4 && parts[0] == "GetImages" && parts[1] == streamArn && parts[2] == query.Key
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            ? next
            : throw Invalid("The NextToken is not one this service issued for this GetImages request (same stream and parameters).");
    }

    private static ServiceErrorException Invalid(string message) => new(ErrorCodes.InvalidArgument, message);

    private sealed record ImageQuery(bool ByProducerTimestamp, DateTimeOffset Start, DateTimeOffset End, TimeSpan Interval, ImageFormat Format)
    {
        /// <summary>The parameters a NextToken is bound to.</summary>
        public string Key => string.Join(',', ByProducerTimestamp, Start.UtcTicks, End.UtcTicks, Interval.Ticks, Format);
    }
}
