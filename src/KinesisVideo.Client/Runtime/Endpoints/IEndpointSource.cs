namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>
/// Where one attempt of a call goes. Asked again on every attempt, so that a data endpoint
/// dropped after a failure is looked up afresh before the retry.
/// </summary>
internal interface IEndpointSource
{
    /// <summary>The base URL of the endpoint to send the next attempt to.</summary>
    ValueTask<Uri> GetAsync(CancellationToken cancellationToken);

    /// <summary>Told when an attempt sent to <paramref name="endpoint"/> failed, so a cached endpoint can be dropped.</summary>
    void OnFailure(Uri endpoint, Exception failure);
}
