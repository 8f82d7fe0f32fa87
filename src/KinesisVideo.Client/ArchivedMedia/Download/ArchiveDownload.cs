using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.ArchivedMedia.Download;

/// <summary>
/// One archive download: every ListFragments page of the range, the plan (<see cref="FragmentPlan"/>),
/// then GetMediaForFragmentList in batches, each fragment written to one MKV file as it arrives
/// (<see cref="MkvFileWriter"/>), with progress after the listing and after every fragment.
/// </summary>
internal sealed class ArchiveDownload(KinesisVideoArchivedMediaClient client, ILogger logger, DownloadMediaRequest request, Stream destination, IProgress<MediaDownloadProgress>? progress)
{
    private readonly string _stream = request.StreamARN ?? request.StreamName!;

    public async Task<MediaDownloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var (plan, listed, duplicates) = await PlanAsync(cancellationToken).ConfigureAwait(false);
        var writer = new MkvFileWriter(destination, request.FileOptions);
        var skipped = 0;
        try
        {
            foreach (var batch in plan.Chunk(request.BatchSize))
            {
                var fetch = new GetMediaForFragmentListRequest { StreamName = request.StreamName, StreamARN = request.StreamARN, Fragments = [.. batch.Select(f => f.FragmentNumber!)] };
                await foreach (var fragment in client.ReadMediaForFragmentListAsync(fetch, request.OnFragmentError, cancellationToken).ConfigureAwait(false))
                {
                    if (fragment.IsError)
                    {
                        skipped++;
                        continue;
                    }

                    await writer.WriteAsync(fragment, cancellationToken).ConfigureAwait(false);
                    progress?.Report(new MediaDownloadProgress(listed, plan.Count, writer.FragmentsWritten, writer.FramesWritten, writer.BytesWritten, fragment.ProducerTimestamp));
                }
            }

            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What was written is still finished as a playable file; the failure is what the caller needs to see.
            await FinishPartialAsync(writer).ConfigureAwait(false);
            throw;
        }

        MediaReadLog.DownloadCompleted(logger, _stream, writer.FragmentsWritten, writer.FramesWritten, writer.BytesWritten, skipped);
        return new MediaDownloadResult(listed, duplicates, writer.FragmentsWritten, skipped, writer.FramesWritten, writer.BytesWritten);
    }

    private async Task<(List<Fragment> Plan, int Listed, int Duplicates)> PlanAsync(CancellationToken cancellationToken)
    {
        var listing = new ListFragmentsRequest { StreamName = request.StreamName, StreamARN = request.StreamARN, MaxResults = request.ListPageSize, FragmentSelector = request.FragmentSelector };
        var fragments = new List<Fragment>();
        var pages = 0;
        await foreach (var page in client.Paginators.ListFragments(listing).PagesAsync(cancellationToken).ConfigureAwait(false))
        {
            pages++;
            fragments.AddRange(page.Fragments ?? []);
            progress?.Report(new MediaDownloadProgress(fragments.Count, 0, 0, 0, 0, null));
        }

        var (plan, duplicates) = FragmentPlan.Order(fragments);
        MediaReadLog.DownloadPlanned(logger, _stream, fragments.Count, pages, duplicates, plan.Count);
        return (plan, fragments.Count, duplicates);
    }

    private static async Task FinishPartialAsync(MkvFileWriter writer)
    {
        try
        {
            await writer.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception finishing) when (finishing is IOException or NotSupportedException or ObjectDisposedException)
        {
            // The destination itself failed; the download's own failure is the one to report.
        }
    }
}
