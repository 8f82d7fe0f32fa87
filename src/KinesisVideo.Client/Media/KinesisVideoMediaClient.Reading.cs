using KinesisVideo.Client.Media.GetMedia;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime.Validation;

namespace KinesisVideo.Client.Media;

public partial class KinesisVideoMediaClient
{
    /// <summary>
    /// Reads a stream's media as parsed fragments, resuming by itself: GetMedia from
    /// <paramref name="request"/>'s StartSelector, and whenever a connection drops, stalls past
    /// <c>KinesisVideoClientOptions.GetMedia.IdleTimeout</c> or is ended by the service, a new one
    /// right after the last delivered fragment (by its continuation token), so that no fragment is
    /// missed or delivered twice. Throttling and the stream's limit of 3 readers are waited out with
    /// backoff; a wrong endpoint is looked up again.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each fragment carries its number, timestamps, continuation token, the producer's tracks and
    /// metadata, and its frames. The frames are slices of the response's buffers, not copies: they
    /// are valid until the enumeration moves to the next fragment. Call
    /// <see cref="MediaFragment.Detach"/> (or copy the payloads) to keep them longer.
    /// </para>
    /// <para>
    /// In <see cref="GetMediaReadMode.Follow"/> mode (the default for the NOW selector) the read
    /// waits for new fragments until it is cancelled; in <see cref="GetMediaReadMode.Bounded"/> mode
    /// (the default otherwise) it ends once a response ends without a new fragment. An error the
    /// service sends in place of a fragment ends the read with
    /// <see cref="Runtime.FragmentErrorException"/>, or comes as a fragment whose
    /// <see cref="MediaFragment.IsError"/> is true when <see cref="GetMediaReadOptions.OnFragmentError"/> asks for that.
    /// </para>
    /// </remarks>
    /// <param name="request">The stream and where to start; it is not changed.</param>
    /// <param name="options">The mode and the error handling; <see cref="GetMediaReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Ends the read at once, wherever it is (an <see cref="OperationCanceledException"/>).</param>
    /// <returns>The fragments, in order.</returns>
    /// <exception cref="ArgumentException">The request is missing a member or breaks a documented limit; nothing was sent.</exception>
    /// <exception cref="Runtime.FragmentErrorException">The service sent an error in place of a fragment.</exception>
    /// <exception cref="Runtime.Errors.KinesisVideoException">The service refused the read (a missing stream, no permission), or kept failing past <c>GetMedia.MaxConsecutiveFailures</c>.</exception>
    /// <exception cref="MkvFormatException">The service sent malformed media, or a fragment larger than <c>GetMedia.MaxFragmentSize</c>.</exception>
    public virtual IAsyncEnumerable<MediaFragment> ReadMediaAsync(GetMediaRequest request, GetMediaReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        Require.NotNull(request, nameof(request));
        request.Validate();
        return new GetMediaReader(this, Runtime, request, options ?? GetMediaReadOptions.Default).ReadAsync(cancellationToken);
    }
}
