using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Validation;

namespace KinesisVideo.Client.ArchivedMedia.Download;

/// <summary>What <see cref="KinesisVideoArchivedMediaClient.DownloadMediaAsync"/> downloads and how.</summary>
public sealed class DownloadMediaRequest
{
    /// <summary>The stream's name; give it or <see cref="StreamARN"/>.</summary>
    public string? StreamName { get; set; }

    /// <summary>The stream's ARN; give it or <see cref="StreamName"/>.</summary>
    public string? StreamARN { get; set; }

    /// <summary>The range: fragments whose server or producer timestamps fall in a time range (as ListFragments takes it). Required.</summary>
    public FragmentSelector? FragmentSelector { get; set; }

    /// <summary>How many fragments each ListFragments page asks for (1 to 1000). Default 1000.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>How many fragments each GetMediaForFragmentList asks for (1 to 1000). Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// What a fragment the service can no longer serve (expired between listing and fetching) does:
    /// fail the download (the default; what was written so far is still finished as a playable file)
    /// or be left out and counted in <see cref="MediaDownloadResult.FragmentsSkipped"/>.
    /// </summary>
    public FragmentErrorHandling OnFragmentError { get; set; } = FragmentErrorHandling.Throw;

    /// <summary>The file's layout; <see cref="MkvFileWriterOptions.Default"/> when null.</summary>
    public MkvFileWriterOptions? FileOptions { get; set; }

    internal void Validate()
    {
        Require.OneOf(StreamName, StreamARN, "StreamName", "StreamARN");
        if (StreamName is not null)
        {
            Require.MinLength(StreamName, 1, "StreamName");
        }

        if (StreamARN is not null)
        {
            Require.MinLength(StreamARN, 1, "StreamARN");
        }

        Require.Present(FragmentSelector, "FragmentSelector");
        FragmentSelector!.Validate("FragmentSelector.");
        // These two are the download's own settings, not the models' members: the service's upper
        // bound (1,000 per ListFragments page and per GetMediaForFragmentList) is checked here
        // because a larger value would fail every call the download makes.
        WithinServiceLimit(ListPageSize, "ListPageSize");
        WithinServiceLimit(BatchSize, "BatchSize");
    }

    private static void WithinServiceLimit(int value, string member)
    {
        if (value is < 1 or > 1000)
        {
            throw new ArgumentException($"{member} must be between 1 and 1000; it is {value}.", member);
        }
    }
}

/// <summary>How far a download has got.</summary>
/// <param name="FragmentsListed">How many fragments ListFragments returned for the range so far.</param>
/// <param name="FragmentsToWrite">How many of them will be fetched (duplicates dropped); 0 while listing.</param>
/// <param name="FragmentsWritten">How many fragments are in the file.</param>
/// <param name="FramesWritten">How many frames are in the file.</param>
/// <param name="BytesWritten">How many bytes the file has.</param>
/// <param name="ProducerTimestamp">The producer timestamp of the last fragment written.</param>
public readonly record struct MediaDownloadProgress(int FragmentsListed, int FragmentsToWrite, long FragmentsWritten, long FramesWritten, long BytesWritten, DateTimeOffset? ProducerTimestamp);

/// <summary>What a download wrote.</summary>
/// <param name="FragmentsListed">How many fragments ListFragments returned for the range.</param>
/// <param name="DuplicatesDropped">How many were left out because another had the same producer timestamp (a producer's resend).</param>
/// <param name="FragmentsWritten">How many fragments the file holds.</param>
/// <param name="FragmentsSkipped">How many the service could not serve and were left out (with <see cref="FragmentErrorHandling.Yield"/>).</param>
/// <param name="FramesWritten">How many frames the file holds.</param>
/// <param name="BytesWritten">The file's size in bytes.</param>
public sealed record MediaDownloadResult(int FragmentsListed, int DuplicatesDropped, long FragmentsWritten, int FragmentsSkipped, long FramesWritten, long BytesWritten);
