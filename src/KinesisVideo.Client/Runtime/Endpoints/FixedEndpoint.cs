namespace KinesisVideo.Client.Runtime.Endpoints;

/// <summary>An endpoint that never changes: the control plane of a region, or a configured URL.</summary>
internal sealed class FixedEndpoint(Uri url) : IEndpointSource
{
    private readonly ValueTask<Uri> _url = new(url);

    public ValueTask<Uri> GetAsync(CancellationToken cancellationToken) => _url;

    public void OnFailure(Uri endpoint, Exception failure)
    {
    }
}
