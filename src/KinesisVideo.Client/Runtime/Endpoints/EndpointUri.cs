using KinesisVideo.Client.Runtime.Errors;

namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>Reads an endpoint URL the service returned, refusing one the client cannot use.</summary>
internal static class EndpointUri
{
    public static Uri Parse(string? value, string operation, string member)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        throw new KinesisVideoException($"{operation} returned no usable {member} (\"{value}\").", errorCode: null, statusCode: null, requestId: null);
    }
}
