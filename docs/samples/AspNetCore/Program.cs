using KinesisVideo.Client.ArchivedMedia;
using KinesisVideo.Client.ArchivedMedia.Model;
using KinesisVideo.Client.ControlPlane;
using KinesisVideo.Client.ControlPlane.Model;
using KinesisVideo.Client.DependencyInjection;
using KinesisVideo.Client.Runtime.Errors;
using KinesisVideo.Samples.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The four clients as singletons, from the "AWS" section (Region, Profile, ServiceURL...) and the
// "KinesisVideo" section (retries, timeouts...); bad settings stop the app at start-up, naming the key.
builder.Services.AddKinesisVideo(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<StreamHealthCheck>("kinesis-video");

var app = builder.Build();

// Every stream of the account, page by page.
app.MapGet("/streams", async (KinesisVideoClient kvs, CancellationToken cancellationToken) =>
{
    var streams = new List<StreamSummary>();
    await foreach (var stream in kvs.Paginators.ListStreams(new ListStreamsRequest()).WithCancellation(cancellationToken))
    {
        streams.Add(new StreamSummary(stream.StreamName!, stream.Status?.Value, stream.CreationTime));
    }

    return streams;
});

// A live HLS URL for a player; the data endpoint is looked up and cached by the client.
app.MapGet("/streams/{name}/hls", async (string name, KinesisVideoArchivedMediaClient media, CancellationToken cancellationToken) =>
{
    try
    {
        var session = await media.GetHLSStreamingSessionURLAsync(
            new GetHLSStreamingSessionURLRequest { StreamName = name, PlaybackMode = HLSPlaybackMode.LIVE, Expires = 300 },
            cancellationToken);
        return Results.Ok(new HlsSession(session.HLSStreamingSessionURL!));
    }
    catch (ResourceNotFoundException notFound)
    {
        // No such stream, or nothing ingested in the last 30 seconds: the caller's to fix.
        return Results.Problem(notFound.Message, statusCode: StatusCodes.Status404NotFound);
    }
});

app.MapHealthChecks("/healthz");

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
