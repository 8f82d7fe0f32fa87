using System.Runtime.CompilerServices;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace KinesisVideo.Client.ArchivedMedia.FragmentList;

/// <summary>
/// One parsed GetMediaForFragmentList read that resumes by itself: the service answers the listed
/// fragments in the order asked, one document each (an error document for one it cannot serve), so
/// after a dropped or stalled connection the read asks again for the fragments it has not had yet.
/// Connections that fail before their first fragment are retried through
/// <see cref="MediaResumePipeline"/>, with backoff; after progress, at once.
/// </summary>
internal sealed class FragmentListReader
{
    private const string Operation = "GetMediaForFragmentList";

    private readonly KinesisVideoArchivedMediaClient _client;
    private readonly GetMediaForFragmentListRequest _request;
    private readonly List<string> _numbers;
    private readonly FragmentErrorHandling _onFragmentError;
    private readonly KinesisVideoGetMediaOptions _defaults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MediaFragmentReader _parser;
    private readonly ResiliencePipeline _resume;
    private readonly string _stream;
    private int _next;

    public FragmentListReader(KinesisVideoArchivedMediaClient client, ClientRuntime runtime, GetMediaForFragmentListRequest request, FragmentErrorHandling onFragmentError)
    {
        _client = client;
        _request = request;
        _numbers = [.. request.Fragments!];
        _onFragmentError = onFragmentError;
        _defaults = runtime.GetMedia;
        _time = runtime.TimeProvider;
        _logger = runtime.Logger;
        _parser = new MediaFragmentReader(new MkvReaderOptions { MaxFragmentSize = _defaults.MaxFragmentSize, MaxFrameSize = (int)_defaults.MaxFragmentSize });
        _stream = request.StreamARN ?? request.StreamName!;
        _resume = MediaResumePipeline.Create(_defaults, _time, IsResumable, (failure, attempt, delay) => MediaReadLog.Retrying(_logger, Operation, _stream, failure, attempt, Position, delay));
    }

    // What the next connection asks for, for the logs.
    private string Position => _next < _numbers.Count ? $"fragment {_numbers[_next]} ({_numbers.Count - _next} left)" : "the end of the list";

    public async IAsyncEnumerable<MediaFragment> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (_next < _numbers.Count)
        {
            var (connection, next) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                while (next.Fragment is { } fragment)
                {
                    CheckIsNext(fragment);
                    if (fragment.IsError)
                    {
                        MediaReadLog.ErrorTag(_logger, Operation, _stream, fragment.ErrorId, fragment.ErrorCode, fragment.FragmentNumber);
                        var error = new FragmentErrorException(Operation, fragment.ErrorId, fragment.ErrorCode, fragment.FragmentNumber);
                        if (error.IsRetryable)
                        {
                            MediaReadLog.Resuming(_logger, Operation, _stream, Position, error);
                            break;
                        }

                        if (_onFragmentError == FragmentErrorHandling.Throw)
                        {
                            throw error;
                        }
                    }

                    _next++;
                    yield return fragment;
                    next = await NextAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                if (next.Failure is { } failure)
                {
                    MediaReadLog.Resuming(_logger, Operation, _stream, Position, failure);
                }
            }
        }

        MediaReadLog.Ended(_logger, Operation, _stream, _numbers.Count);
    }

    private static bool IsResumable(Exception failure, CancellationToken cancellationToken) =>
        ResumableFailure.IsResumable(failure, cancellationToken) || failure is MkvFormatException { IsTruncated: true };

    // The service answers in the order asked; anything else would silently drop or repeat fragments.
    private void CheckIsNext(MediaFragment fragment)
    {
        if (fragment.FragmentNumber is { } number && number != _numbers[_next])
        {
            throw new KinesisVideoException($"{Operation} sent fragment {number} where {_numbers[_next]}, the next one asked for, was expected.", errorCode: null, statusCode: null, requestId: null);
        }
    }

    private ValueTask<(Connection Connection, Step First)> ConnectAsync(CancellationToken cancellationToken) =>
        _resume.ExecuteAsync(Operation, static (reader, cancellationToken) => reader.OpenAsync(cancellationToken), this, cancellationToken);

    // One attempt: ask for the fragments not delivered yet and read up to the first document.
    private async ValueTask<(Connection Connection, Step First)> OpenAsync(CancellationToken cancellationToken)
    {
        var request = new GetMediaForFragmentListRequest { StreamName = _request.StreamName, StreamARN = _request.StreamARN, Fragments = _numbers[_next..] };
        var response = await _client.GetMediaForFragmentListAsync(request, cancellationToken).ConfigureAwait(false);
        var connection = new Connection(new MediaResponseBody(response, _defaults, _time, cancellationToken), _parser);
        MediaReadLog.Connected(_logger, Operation, _stream, Position);
        try
        {
            var first = await connection.Fragments.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"{Operation} ended its response before sending {Position}.");
            if (first.IsError && new FragmentErrorException(Operation, first.ErrorId, first.ErrorCode, first.FragmentNumber) is { IsRetryable: true } transient)
            {
                throw transient;
            }

            return (connection, new Step(first, null));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Step> NextAsync(Connection connection, CancellationToken cancellationToken)
    {
        try
        {
            if (_next == _numbers.Count)
            {
                return default;
            }

            return new Step(await connection.Fragments.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"{Operation} ended its response before sending {Position}."), null);
        }
        catch (Exception failure) when (IsResumable(failure, cancellationToken))
        {
            return new Step(null, failure);
        }
    }

    /// <summary>What a connection gave next: a fragment, a failure to resume from, or (neither) the end of the list.</summary>
    private readonly record struct Step(MediaFragment? Fragment, Exception? Failure);

    private sealed class Connection(MediaResponseBody body, MediaFragmentReader parser) : IAsyncDisposable
    {
        public MediaFragmentPipeReader Fragments { get; } = new(body.Pipe, parser);

        public ValueTask DisposeAsync() => body.DisposeAsync();
    }
}
