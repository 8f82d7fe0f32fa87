using System.Runtime.CompilerServices;
using KinesisVideo.Client.Media.Model;
using KinesisVideo.Client.Mkv;
using KinesisVideo.Client.Runtime;
using KinesisVideo.Client.Runtime.Diagnostics;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Client.Runtime.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace KinesisVideo.Client.Media.GetMedia;

/// <summary>
/// One parsed, self-resuming GetMedia read: connections one after another, each from where the
/// last delivered fragment left off (<see cref="ResumePosition"/>), until the read ends (bounded
/// mode, caught up), fails for good or is cancelled.
/// </summary>
/// <remarks>
/// A connection ends in one of three ways: the body ends cleanly (the service was caught up, or
/// ended the response for its own reasons), it fails (dropped, stalled past the idle timeout, cut
/// inside a fragment, an error the service reports as its own failure), or the service sends an
/// error in place of a fragment. Opening a connection and reading it up to its first new fragment
/// (or its end) runs through <see cref="MediaResumePipeline"/>, so failures before any progress are
/// retried with backoff and counted; once a connection has delivered, a failure reconnects at once.
/// Only complete fragments are delivered: a fragment cut by a drop comes again on the next connection,
/// and one that comes again after it was delivered (by number) is skipped.
/// </remarks>
internal sealed class GetMediaReader
{
    private const string Operation = "GetMedia";

    private readonly KinesisVideoMediaClient _client;
    private readonly GetMediaRequest _request;
    private readonly KinesisVideoGetMediaOptions _defaults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _follow;
    private readonly FragmentErrorHandling _onFragmentError;
    private readonly ResumePosition _position;
    private readonly MediaFragmentReader _parser;
    private readonly ResiliencePipeline _resume;
    private readonly string _stream;
    private long _delivered;

    public GetMediaReader(KinesisVideoMediaClient client, ClientRuntime runtime, GetMediaRequest request, GetMediaReadOptions options)
    {
        _client = client;
        _request = request;
        _defaults = runtime.GetMedia;
        _time = runtime.TimeProvider;
        _logger = runtime.Logger;
        _follow = options.Mode == GetMediaReadMode.Follow
            || (options.Mode == GetMediaReadMode.Auto && request.StartSelector!.StartSelectorType == StartSelectorType.NOW);
        _onFragmentError = options.OnFragmentError;
        _position = new ResumePosition(request.StartSelector!);
        _parser = new MediaFragmentReader(new MkvReaderOptions
        {
            MaxFragmentSize = _defaults.MaxFragmentSize,
            MaxFrameSize = (int)_defaults.MaxFragmentSize,
        });
        _stream = request.StreamARN ?? request.StreamName!;
        _resume = MediaResumePipeline.Create(_defaults, _time, IsResumable, LogRetrying);
    }

    public async IAsyncEnumerable<MediaFragment> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var (connection, next) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                while (next.Fragment is { } fragment)
                {
                    if (fragment.IsError)
                    {
                        // GetMedia ends the response after an error.
                        var error = Error(fragment);
                        if (error.IsRetryable)
                        {
                            LogResuming(error);
                            break;
                        }

                        if (_onFragmentError == FragmentErrorHandling.Throw)
                        {
                            throw error;
                        }

                        _position.SkipPast(fragment);
                        yield return fragment;
                        break;
                    }

                    if (_position.IsRepeat(fragment))
                    {
                        MediaReadLog.SkippedRepeat(_logger, Operation, _stream, fragment.FragmentNumber!, _position);
                    }
                    else
                    {
                        _position.Delivered(fragment);
                        connection.Delivered++;
                        _delivered++;
                        yield return fragment;
                    }

                    next = await NextAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                if (next.Failure is { } failure)
                {
                    LogResuming(failure);
                }
                else if (next.Ended && connection.Delivered == 0)
                {
                    if (!_follow)
                    {
                        MediaReadLog.Ended(_logger, Operation, _stream, _delivered);
                        yield break;
                    }

                    MediaReadLog.CaughtUp(_logger, Operation, _stream, _position);
                }
            }
        }
    }

    private void LogResuming(Exception failure) => MediaReadLog.Resuming(_logger, Operation, _stream, _position, failure);

    private void LogRetrying(Exception failure, int attempt, TimeSpan delay) => MediaReadLog.Retrying(_logger, Operation, _stream, failure, attempt, _position, delay);

    // A failure worth a new connection: the runtime's list, and a body cut inside a fragment.
    private static bool IsResumable(Exception failure, CancellationToken cancellationToken) =>
        ResumableFailure.IsResumable(failure, cancellationToken) || failure is MkvFormatException { IsTruncated: true };

    private static FragmentErrorException Error(MediaFragment fragment) =>
        new(Operation, fragment.ErrorId, fragment.ErrorCode, fragment.FragmentNumber);

    private ValueTask<(Connection Connection, Step First)> ConnectAsync(CancellationToken cancellationToken) =>
        _resume.ExecuteAsync(Operation, static (reader, cancellationToken) => reader.OpenAsync(cancellationToken), this, cancellationToken);

    // One attempt: a new GetMedia from the position, read up to its first new fragment, its first
    // error, or its end. Anything that goes wrong before then is the attempt's failure.
    private async ValueTask<(Connection Connection, Step First)> OpenAsync(CancellationToken cancellationToken)
    {
        var request = new GetMediaRequest { StreamName = _request.StreamName, StreamARN = _request.StreamARN, StartSelector = _position.NextSelector(_time) };
        var response = await _client.GetMediaAsync(request, cancellationToken).ConfigureAwait(false);
        var connection = new Connection(new MediaResponseBody(response, _defaults, _time, cancellationToken), _parser);
        MediaReadLog.Connected(_logger, Operation, _stream, _position);
        try
        {
            while (true)
            {
                var fragment = await connection.Fragments.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (fragment is null)
                {
                    return (connection, Step.End);
                }

                if (fragment.IsError)
                {
                    MediaReadLog.ErrorTag(_logger, Operation, _stream, fragment.ErrorId, fragment.ErrorCode, fragment.FragmentNumber);
                    if (Error(fragment) is { IsRetryable: true } transient)
                    {
                        throw transient;
                    }
                }
                else if (_position.IsRepeat(fragment))
                {
                    MediaReadLog.SkippedRepeat(_logger, Operation, _stream, fragment.FragmentNumber!, _position);
                    continue;
                }

                return (connection, new Step(fragment, null));
            }
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
            var fragment = await connection.Fragments.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (fragment is { IsError: true })
            {
                MediaReadLog.ErrorTag(_logger, Operation, _stream, fragment.ErrorId, fragment.ErrorCode, fragment.FragmentNumber);
            }

            return fragment is null ? Step.End : new Step(fragment, null);
        }
        catch (Exception failure) when (IsResumable(failure, cancellationToken))
        {
            return new Step(null, failure);
        }
    }

    /// <summary>What a connection gave next: a fragment, a failure to resume from, or (neither) its clean end.</summary>
    private readonly record struct Step(MediaFragment? Fragment, Exception? Failure)
    {
        public static Step End => default;

        public bool Ended => Fragment is null && Failure is null;
    }

    private sealed class Connection(MediaResponseBody body, MediaFragmentReader parser) : IAsyncDisposable
    {
        public MediaFragmentPipeReader Fragments { get; } = new(body.Pipe, parser);

        /// <summary>How many new fragments the read has delivered from this connection.</summary>
        public int Delivered { get; set; }

        public ValueTask DisposeAsync() => body.DisposeAsync();
    }
}
