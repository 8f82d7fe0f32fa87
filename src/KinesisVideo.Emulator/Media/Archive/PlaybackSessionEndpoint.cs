using KinesisVideo.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace KinesisVideo.Emulator.Media.Archive;

/// <summary>
/// The GETs of session URLs on the data endpoint (playlists, manifests, init and media fragments).
/// They carry no SigV4: the session token is the credential. A token the emulator did not issue, or
/// one past its expiry, gets NotAuthorizedException, which the references document for "the token
/// has expired". A valid token gets InvalidArgumentException ("a specified parameter ... is not
/// supported"), the documented error closest to "this cannot be served", because the emulator does
/// not package HLS or DASH media yet: a player must see a failure, never an empty playlist.
/// </summary>
internal sealed class PlaybackSessionEndpoint(EmulatorState state)
{
    /// <summary>
    /// Claims the request when it is for a session resource, always by throwing the error it answers
    /// with (the request pipeline writes it); returns false for any other request.
    /// </summary>
    public Task<bool> TryHandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method)
            || !PlaybackSessionUrls.Resources.TryGetValue(context.Request.Path.Value ?? "", out var resource))
        {
            return Task.FromResult(false);
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

        if (session.ExpiresAt <= state.Time.GetUtcNow())
        {
            throw new ServiceErrorException(ErrorCodes.NotAuthorized, $"The streaming session expired at {session.ExpiresAt:O}.");
        }

        lock (state.Gate)
        {
            if (state.Streams.FindByArn(session.StreamArn) is null)
            {
                throw new ServiceErrorException(ErrorCodes.ResourceNotFound, $"The stream of the session ({session.StreamArn}) is not found or not active.");
            }
        }

        throw new ServiceErrorException(ErrorCodes.InvalidArgument, $"{resource.Action} is not supported by this emulator yet: it creates streaming sessions but does not serve their playlists, manifests or media.");
    }
}
