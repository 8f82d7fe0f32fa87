using System.Globalization;
using KinesisVideo.Client.Mkv;

namespace KinesisVideo.Emulator.Media.Playback;

/// <summary>
/// An error reported inside a streamed answer, after the 200 (the status line is gone by then):
/// the error's id (GetMedia's codes, e.g. 4000) and description, and the fragment number it is about.
/// </summary>
/// <param name="FragmentNumber">The fragment the error is about, when there is one.</param>
/// <param name="ErrorId">The integer code: 4000 for a fragment that is not found.</param>
/// <param name="Description">What went wrong, in words.</param>
internal sealed record PlaybackError(string? FragmentNumber, int ErrorId, string Description)
{
    /// <summary>GetMedia's 4000: the requested fragment is not (or no longer) stored.</summary>
    public const int FragmentNotFound = 4000;

    /// <summary>The error as GetMedia's tags: FRAGMENT_NUMBER (when known), ERROR_ID, ERROR_CODE.</summary>
    public KeyValuePair<string, string>[] GetMediaTags() => Tags(KvsFragmentTagNames.ErrorId, KvsFragmentTagNames.ErrorCode);

    /// <summary>The error as GetMediaForFragmentList's tags: FRAGMENT_NUMBER, EXCEPTION_ERROR_CODE, EXCEPTION_MESSAGE.</summary>
    public KeyValuePair<string, string>[] FragmentListTags() => Tags(KvsFragmentTagNames.ExceptionErrorCode, KvsFragmentTagNames.ExceptionMessage);

    private KeyValuePair<string, string>[] Tags(string idName, string descriptionName)
    {
        var id = new KeyValuePair<string, string>(idName, ErrorId.ToString(CultureInfo.InvariantCulture));
        var description = new KeyValuePair<string, string>(descriptionName, Description);
        return FragmentNumber is null ? [id, description] : [new(KvsFragmentTagNames.FragmentNumber, FragmentNumber), id, description];
    }
}
