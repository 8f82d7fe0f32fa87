using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Client.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 that plays a scripted part: it records every request exactly as it
/// arrived and answers with what the test queued (a response, a dropped connection, a hang).
/// When nothing is queued it answers with <see cref="Fallback"/>.
/// </summary>
internal sealed class FakeKinesisVideoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private FakeKinesisVideoServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The answer when the script is empty. Default: 200 with <c>{}</c>.</summary>
    public Func<HttpContext, Task> Fallback { get; set; } = context => Respond(context, HttpStatusCode.OK, "{}");

    public static async Task<FakeKinesisVideoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKinesisVideoServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public void Enqueue(Func<HttpContext, Task> answer) => _script.Enqueue(answer);

    public void EnqueueResponse(HttpStatusCode status, string? body, params (string Name, string Value)[] headers) =>
        Enqueue(context => Respond(context, status, body, headers));

    public void EnqueueError(HttpStatusCode status, string code, string message, string requestId = "req-error") =>
        EnqueueResponse(status, $$"""{"message":"{{message}}"}""", ("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.kinesisvideo/"), ("x-amzn-RequestId", requestId));

    /// <summary>Closes the connection without answering.</summary>
    public void EnqueueDrop() => Enqueue(context =>
    {
        context.Abort();
        return Task.CompletedTask;
    });

    /// <summary>Never answers, until the client gives up.</summary>
    public void EnqueueHang() => Enqueue(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

    public static async Task Respond(HttpContext context, HttpStatusCode status, string? body, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = (int)status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!context.Response.Headers.ContainsKey("x-amzn-RequestId"))
        {
            context.Response.Headers["x-amzn-RequestId"] = "req-" + Guid.NewGuid().ToString("N")[..8];
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        var answer = _script.TryDequeue(out var scripted) ? scripted : Fallback;
        await answer(context);
    }
}

/// <summary>A request as the server received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
