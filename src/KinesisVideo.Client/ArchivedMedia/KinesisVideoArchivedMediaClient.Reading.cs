using KinesisVideo.Client.ArchivedMedia.Download;
using KinesisVideo.Client.ArchivedMedia.FragmentList;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Validation;

namespace KinesisVideo.Client.ArchivedMedia;

public partial class KinesisVideoArchivedMediaClient
{
    /// <summary>
    /// GetMediaForFragmentList as parsed fragments, in the order asked, resuming by itself: after a
    /// dropped or stalled connection it asks again for the fragments not delivered yet. Frames are
    /// slices of the response's buffers, valid until the enumeration moves to the next fragment
    /// (<see cref="MediaFragment.Detach"/> keeps them).
    /// </summary>
    /// <param name="request">The stream and the fragment numbers (1 to 1000); it is not changed.</param>
    /// <param name="onFragmentError">What a fragment the service cannot serve does: end the read (the default), or come as an item whose <see cref="MediaFragment.IsError"/> is true.</param>
    /// <param name="cancellationToken">Ends the read at once.</param>
    /// <returns>One fragment (or error) per number asked for, in that order.</returns>
    /// <exception cref="ArgumentException">The request is missing a member or breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="Runtime.FragmentErrorException">The service could not serve a fragment (and <paramref name="onFragmentError"/> is <see cref="FragmentErrorHandling.Throw"/>).</exception>
    public virtual IAsyncEnumerable<MediaFragment> ReadMediaForFragmentListAsync(GetMediaForFragmentListRequest request, FragmentErrorHandling onFragmentError = FragmentErrorHandling.Throw, CancellationToken cancellationToken = default)
    {
        Require.NotNull(request, nameof(request));
        request.Validate();
        return new FragmentListReader(this, Runtime, request, onFragmentError).ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Downloads a range of a stream's archive as one playable Matroska file: pages ListFragments for
    /// the range, orders the fragments by producer timestamp and drops those whose producer timestamp
    /// repeats (as HLS and GetClip do), fetches them in batches with GetMediaForFragmentList (resuming
    /// after dropped connections), and writes them with <see cref="MkvFileWriter"/>: one EBML header and
    /// Segment, clusters in order (finished with Duration and Cues when <paramref name="destination"/> can seek).
    /// </summary>
    /// <param name="request">The stream, the range and the batching; it is not changed.</param>
    /// <param name="destination">Where the file goes; it is not disposed.</param>
    /// <param name="progress">Told after the listing and after each fragment written.</param>
    /// <param name="cancellationToken">Ends the download at once (the file is left unfinished).</param>
    /// <returns>What was listed, dropped, skipped and written.</returns>
    /// <exception cref="ArgumentException">The request is missing a member or breaks a limit; nothing was sent.</exception>
    /// <exception cref="MkvTracksChangedException">The producer's tracks changed inside the range; the file holds (and is finished with) the fragments before the change.</exception>
    /// <exception cref="Runtime.FragmentErrorException">A fragment could not be served (and <see cref="DownloadMediaRequest.OnFragmentError"/> is Throw); the file is finished with what came before.</exception>
    public virtual Task<MediaDownloadResult> DownloadMediaAsync(DownloadMediaRequest request, Stream destination, IProgress<MediaDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Require.NotNull(request, nameof(request));
        Require.NotNull(destination, nameof(destination));
        request.Validate();
        return new ArchiveDownload(this, Runtime.Logger, request, destination, progress).RunAsync(cancellationToken);
    }
}
