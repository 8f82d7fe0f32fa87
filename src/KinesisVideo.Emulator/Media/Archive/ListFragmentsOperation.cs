using System.Text.Json;
using KinesisVideo.Emulator.Media.Storage;
using KinesisVideo.Emulator.Operations;
using KinesisVideo.Emulator.Protocol;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// ListFragments: the stream's persisted fragments whose producer or server timestamp lies in the
/// selector's range (both ends inclusive), in ingestion order, a page at a time.
/// </summary>
internal static class ListFragmentsOperation
{
    /// <summary>MaxResults when the request gives none (documented).</summary>
    public const int DefaultMaxResults = 100;

    public static void Handle(OperationContext context)
    {
        var input = context.Input;
        var resumeAfter = input.String("NextToken") is { } token ? FragmentPageToken.Read(token) : null;
        var range = resumeAfter?.Range ?? ReadSelector(input);
        var stream = StreamOperations.Resolve(context);
        if (resumeAfter is not null && resumeAfter.StreamArn != stream.Arn)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"The NextToken was issued for another stream than {stream.Name}.");
        }

        var maxResults = input.Int("MaxResults") ?? DefaultMaxResults;
        var page = new List<StoredFragment>();
        string? nextToken = null;
        foreach (var fragment in ArchivedFragments.Of(stream, context.Now))
        {
            if (!range.Contains(fragment) || (resumeAfter is not null && StreamMedia.CompareNumbers(fragment.FragmentNumber, resumeAfter.LastFragmentNumber) <= 0))
            {
                continue;
            }

            if (page.Count == maxResults)
            {
                nextToken = FragmentPageToken.For(new FragmentPagePosition(stream.Arn, range, page[^1].FragmentNumber));
                break;
            }

            page.Add(fragment);
        }

        WriteFragments(context.Output, page);
        context.Output.WriteOptional("NextToken", nextToken);
    }

    private static FragmentTimeRange ReadSelector(JsonElement input)
    {
        // The model leaves FragmentSelector optional because a NextToken can stand in for it.
        var selector = input.Object("FragmentSelector")
            ?? throw new ServiceErrorException(ErrorCodes.InvalidArgument, "FragmentSelector is required when NextToken is not given.");
        var timestamps = selector.Object("TimestampRange")!.Value;
        var start = timestamps.Timestamp("StartTimestamp")!.Value;
        var end = timestamps.Timestamp("EndTimestamp")!.Value;
        if (start > end)
        {
            throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"StartTimestamp {start:O} is after EndTimestamp {end:O}.");
        }

        return new FragmentTimeRange(selector.String("FragmentSelectorType")!, start, end);
    }

    private static void WriteFragments(Utf8JsonWriter output, List<StoredFragment> fragments)
    {
        output.WriteStartArray("Fragments");
        foreach (var fragment in fragments)
        {
            output.WriteStartObject();
            output.WriteString("FragmentNumber", fragment.FragmentNumber);
            output.WriteNumber("FragmentSizeInBytes", fragment.SizeInBytes);
            output.WriteEpochSeconds("ProducerTimestamp", fragment.ProducerTimestamp);
            output.WriteEpochSeconds("ServerTimestamp", fragment.ServerTimestamp);
            output.WriteNumber("FragmentLengthInMilliseconds", (long)fragment.Duration.TotalMilliseconds);
            output.WriteEndObject();
        }

        output.WriteEndArray();
    }
}
