using System.Globalization;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Media.GetMedia;

/// <summary>
/// Where the next GetMedia connection of a read starts: the read's own StartSelector until a
/// fragment has been delivered, then right after the last delivered fragment, by its continuation
/// token (by its fragment number when it came without one).
/// </summary>
/// <remarks>
/// NOW is the one selector that means something else on a second connection: fragments stored
/// between two connections would be skipped. So the first NOW connection notes the time it asked
/// (on the client's clock) and, until a fragment arrives, later connections ask for SERVER_TIMESTAMP
/// from then: the first fragment whose span reaches it, which covers a clock skew of up to a
/// fragment's duration.
/// </remarks>
internal sealed class ResumePosition
{
    private StartSelectorType _type;
    private string? _afterFragmentNumber;
    private string? _continuationToken;
    private DateTimeOffset? _startTimestamp;
    private DateTimeOffset? _nowAskedAt;

    public ResumePosition(StartSelector initial)
    {
        _type = initial.StartSelectorType!.Value;
        _afterFragmentNumber = initial.AfterFragmentNumber;
        _continuationToken = initial.ContinuationToken;
        _startTimestamp = initial.StartTimestamp;
    }

    /// <summary>The number of the last fragment delivered; null before the first.</summary>
    public string? LastDelivered { get; private set; }

    /// <summary>The selector of the next connection.</summary>
    public StartSelector NextSelector(TimeProvider time)
    {
        if (_type == StartSelectorType.NOW)
        {
            if (_nowAskedAt is not { } askedAt)
            {
                _nowAskedAt = time.GetUtcNow();
                return new StartSelector { StartSelectorType = StartSelectorType.NOW };
            }

            return new StartSelector { StartSelectorType = StartSelectorType.SERVER_TIMESTAMP, StartTimestamp = askedAt };
        }

        return new StartSelector
        {
            StartSelectorType = _type,
            AfterFragmentNumber = _afterFragmentNumber,
            ContinuationToken = _continuationToken,
            StartTimestamp = _startTimestamp,
        };
    }

    /// <summary>
    /// True when <paramref name="fragment"/> is not after the last delivered one. GetMedia sends
    /// fragments in fragment-number order, so such a fragment was delivered already.
    /// </summary>
    public bool IsRepeat(MediaFragment fragment) =>
        fragment.FragmentNumber is { } number && LastDelivered is { } last && FragmentNumberComparer.Instance.Compare(number, last) <= 0;

    /// <summary>Moves past a fragment the read delivered.</summary>
    public void Delivered(MediaFragment fragment)
    {
        if (fragment.ContinuationToken is { } token)
        {
            Set(StartSelectorType.CONTINUATION_TOKEN, token: token);
        }
        else if (fragment.FragmentNumber is { } number)
        {
            Set(StartSelectorType.FRAGMENT_NUMBER, afterFragmentNumber: number);
        }

        LastDelivered = fragment.FragmentNumber ?? LastDelivered;
    }

    /// <summary>
    /// Moves past an error the read handed over as an item: after "fragment not found" (the fragment
    /// asked for is no longer stored) to the oldest fragment kept; after any other error that names
    /// a fragment, past that fragment.
    /// </summary>
    public void SkipPast(MediaFragment error)
    {
        if (error.ErrorId == FragmentErrorException.FragmentNotFound)
        {
            Set(StartSelectorType.EARLIEST);
        }
        else if (error.FragmentNumber is { } number)
        {
            Set(StartSelectorType.FRAGMENT_NUMBER, afterFragmentNumber: number);
        }
    }

    public override string ToString() => _type.Value switch
    {
        "CONTINUATION_TOKEN" => $"continuation token {_continuationToken}",
        "FRAGMENT_NUMBER" => $"after fragment {_afterFragmentNumber}",
        "SERVER_TIMESTAMP" or "PRODUCER_TIMESTAMP" => $"{_type} {_startTimestamp?.ToString("O", CultureInfo.InvariantCulture)}",
        "NOW" when _nowAskedAt is { } askedAt => $"SERVER_TIMESTAMP {askedAt.ToString("O", CultureInfo.InvariantCulture)} (NOW when the read began)",
        _ => _type.Value,
    };

    private void Set(StartSelectorType type, string? afterFragmentNumber = null, string? token = null)
    {
        _type = type;
        _afterFragmentNumber = afterFragmentNumber;
        _continuationToken = token;
        _startTimestamp = null;
        _nowAskedAt = null;
    }
}
