using System.Buffers;
using System.Globalization;

namespace KinesisVideo.Client.Mkv;

/// <summary>
/// The service's tags of one fragment, decoded as their SimpleTags stream past: names are matched
/// as bytes and numbers parsed from the bytes, so only the fragment number, the continuation token
/// (when it differs from the number) and error texts become strings. The last value of a name wins.
/// </summary>
internal struct KvsTagFields
{
    // Longer names are not among the ones decoded here; longer numbers are not numbers the service writes.
    private const int MaxNameBytes = 64;
    private const int MaxNumberBytes = 40;
    private const int MaxTokenBytes = 256;

    // Epoch seconds at or past this are beyond DateTimeOffset.MaxValue.
    private const decimal MaxEpochSeconds = 253402300799m;
    private const long MaxEpochMilliseconds = 253402300799000;

    public string? FragmentNumber;
    public string? ContinuationToken;
    public DateTimeOffset? ServerTimestamp;
    public DateTimeOffset? ProducerTimestamp;
    public long? MillisBehindNow;
    public long? ErrorIdTag;
    public long? ExceptionErrorCode;
    public string? ErrorCodeTag;
    public string? ExceptionMessage;

    // GetMedia sends MILLIS_BEHIND_NOW and CONTINUATION_TOKEN after the Cluster: once both have
    // come, nothing else belongs to the fragment.
    public bool MillisAfterCluster;
    public bool TokenAfterCluster;

    /// <summary>ERROR_ID, or GetMediaForFragmentList's EXCEPTION_ERROR_CODE.</summary>
    public readonly long? ErrorId => ErrorIdTag ?? ExceptionErrorCode;

    /// <summary>ERROR_CODE, or GetMediaForFragmentList's EXCEPTION_MESSAGE.</summary>
    public readonly string? ErrorCode => ErrorCodeTag ?? ExceptionMessage;

    /// <summary>True once the fragment's closing tags, or an error's id and description, have arrived.</summary>
    public readonly bool IsComplete => (MillisAfterCluster && TokenAfterCluster) || (ErrorId is not null && ErrorCode is not null);

    /// <summary>
    /// Takes in one SimpleTag; returns true when it is a service tag (a string whose name starts
    /// with AWS_KINESISVIDEO_), false when it is metadata of the producer or the muxer.
    /// </summary>
    public bool Add(in MkvSimpleTag tag, bool afterCluster)
    {
        Span<byte> scratch = stackalloc byte[MaxNameBytes];
        var name = ShortSpan(tag.NameBytes, scratch);
        if (tag.IsBinary || !name.StartsWith("AWS_KINESISVIDEO_"u8))
        {
            return false;
        }

        var value = tag.ValueBytes;
        if (name.SequenceEqual("AWS_KINESISVIDEO_FRAGMENT_NUMBER"u8))
        {
            FragmentNumber = MkvStrings.Decode(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_CONTINUATION_TOKEN"u8))
        {
            ContinuationToken = SameText(value, FragmentNumber) ? FragmentNumber : MkvStrings.Decode(value);
            TokenAfterCluster |= afterCluster;
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_MILLIS_BEHIND_NOW"u8))
        {
            MillisBehindNow = ParseInteger(value);
            MillisAfterCluster |= afterCluster;
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_SERVER_TIMESTAMP"u8) || name.SequenceEqual("AWS_KINESISVIDEO_SERVER_SIDE_TIMESTAMP"u8))
        {
            // The API reference names GetMediaForFragmentList's timestamps *_SIDE_TIMESTAMP.
            ServerTimestamp = ParseEpochSeconds(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_PRODUCER_TIMESTAMP"u8) || name.SequenceEqual("AWS_KINESISVIDEO_PRODUCER_SIDE_TIMESTAMP"u8))
        {
            ProducerTimestamp = ParseEpochSeconds(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_ERROR_ID"u8))
        {
            ErrorIdTag = ParseInteger(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_EXCEPTION_ERROR_CODE"u8))
        {
            ExceptionErrorCode = ParseInteger(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_ERROR_CODE"u8))
        {
            ErrorCodeTag = MkvStrings.Decode(value);
        }
        else if (name.SequenceEqual("AWS_KINESISVIDEO_EXCEPTION_MESSAGE"u8))
        {
            ExceptionMessage = MkvStrings.Decode(value);
        }

        return true;
    }

    /// <summary>A string tag's bytes as decimal epoch seconds (the service writes 3 decimals), to the millisecond.</summary>
    public static DateTimeOffset? ParseEpochSeconds(in ReadOnlySequence<byte> value)
    {
        // The service's form, digits and exactly 3 decimals, is read without a decimal; anything else goes the general way.
        if (value.IsSingleSegment && TryParseMilliseconds(value.FirstSpan.TrimEnd((byte)0), out var milliseconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        Span<char> text = stackalloc char[MaxNumberBytes];
        return AsciiText(value, text) is { } length
            && decimal.TryParse(text[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds < MaxEpochSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m))
            : null;
    }

    // "1519423069.070": 1 to 12 digits, a point, 3 digits.
    private static bool TryParseMilliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        var point = text.Length - 4;
        if (point is < 1 or > 12 || text[point] != (byte)'.')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (i == point)
            {
                continue;
            }

            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            milliseconds = (milliseconds * 10) + digit;
        }

        return milliseconds < MaxEpochMilliseconds;
    }

    /// <summary>A string tag's bytes as a decimal integer (an optional sign, then digits).</summary>
    public static long? ParseInteger(in ReadOnlySequence<byte> value)
    {
        Span<char> text = stackalloc char[MaxNumberBytes];
        return AsciiText(value, text) is { } length
            && long.TryParse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    // The bytes of a short element as one span (trailing zero padding dropped): the first segment
    // when it holds them all, else a copy into scratch; empty when they do not fit.
    private static ReadOnlySpan<byte> ShortSpan(in ReadOnlySequence<byte> bytes, Span<byte> scratch)
    {
        ReadOnlySpan<byte> span;
        if (bytes.IsSingleSegment)
        {
            span = bytes.FirstSpan;
        }
        else if (bytes.Length <= scratch.Length)
        {
            bytes.CopyTo(scratch);
            span = scratch[..(int)bytes.Length];
        }
        else
        {
            return default;
        }

        return span.TrimEnd((byte)0);
    }

    // ASCII bytes widened to chars, for the number parsers; null when not ASCII or too long.
    private static int? AsciiText(in ReadOnlySequence<byte> value, Span<char> text)
    {
        Span<byte> scratch = stackalloc byte[MaxNumberBytes];
        var bytes = ShortSpan(value, scratch);
        if (bytes.IsEmpty && !value.IsEmpty)
        {
            return null;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] > 0x7F)
            {
                return null;
            }

            text[i] = (char)bytes[i];
        }

        return bytes.Length;
    }

    // Whether the tag's bytes spell exactly `text` (ASCII), so that an equal token reuses the number's string.
    private static bool SameText(in ReadOnlySequence<byte> value, string? text)
    {
        if (text is null)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxTokenBytes];
        var bytes = ShortSpan(value, scratch);
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
