using KinesisVideo.Emulator.Media.Streaming;
using KinesisVideo.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// The GETs of session URLs on the data endpoint (playlists, manifests, init and media fragments).
/// They carry no SigV4: the session token is the credential. A token the emulator did not issue, or
/// one past its expiry, gets NotAuthorizedException, which the references document for "the token
/// has expired"; a deleted stream ResourceNotFoundException. Every answer allows any origin (CORS),
/// as a web player on another origin fetches these with XHR, and preflights are answered.
/// </summary>
internal sealed class PlaybackSessionEndpoint(EmulatorState state)
{
    /// <summary>
    /// Claims the request when it is for a session resource: writes the resource, or throws the
    /// error it answers with (the request pipeline writes it); returns false for any other request.
    /// </summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var isGet = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (!(isGet || HttpMethods.IsOptions(context.Request.Method))
            || !PlaybackSessionUrls.Resources.TryGetValue(context.Request.Path.Value ?? "", out var resource))
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlExposeHeaders = "x-amzn-RequestId, x-amzn-ErrorType";
        if (!isGet)
        {
            headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders.Count > 0 ? context.Request.Headers.AccessControlRequestHeaders : "*";
            headers.AccessControlMaxAge = "600";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        // Messages never repeat the token: it is a credential.
        var token = context.Request.Query["SessionToken"].ToString();
        if (token.Length == 0)
        {
            throw new ServiceErrorException(ErrorCodes.NotAuthorized, $"{resource.Action} needs the SessionToken of a streaming session.");
        }

        var session = state.PlaybackSessions.Find(token);
        if (session is null || session.Protocol != resource.Protocol)
        {
            throw new ServiceErrorException(ErrorCodes.NotAuthorized, $"The SessionToken is not one of an {resource.Protocol.ToString().ToUpperInvariant()} streaming session.");
        }

        var now = state.Time.GetUtcNow();
        if (session.ExpiresAt <= now)
        {
            throw new ServiceErrorException(ErrorCodes.NotAuthorized, $"The streaming session expired at {session.ExpiresAt:O}.");
        }

        Storage.StreamMedia media;
        lock (state.Gate)
        {
            var stream = state.Streams.FindByArn(session.StreamArn)
                ?? throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream of the session ({session.StreamArn}) is not found or not active.");
            ArchivedFragments.Trim(stream, now);
            media = stream.Media;
        }

        var rendered = SessionResources.Render(resource.Action, session, media, context.Request.Query, now);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = rendered.ContentType;
        context.Response.ContentLength = rendered.Body.Length;
        headers.CacheControl = "no-cache";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(rendered.Body, context.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }
}
