namespace KinesisVideo.Client.Runtime;

/// <summary>The service's response headers that the client reads.</summary>
internal static class ResponseHeaders
{
    public const string AmznRequestId = "x-amzn-RequestId";
    public const string AmznErrorType = "x-amzn-ErrorType";

    // The media endpoints have been seen answering with the x-amz- spelling (no 'n').
    private const string AmzRequestId = "x-amz-RequestId";
    private const string AmzErrorType = "x-amz-ErrorType";

    public static string? RequestId(HttpResponseMessage response) => First(response, AmznRequestId) ?? First(response, AmzRequestId);

    public static string? ErrorType(HttpResponseMessage response) => First(response, AmznErrorType) ?? First(response, AmzErrorType);

    private static string? First(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
}
