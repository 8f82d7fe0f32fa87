using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>
/// One origin of the emulator (control plane, data plane, signaling): a slim Kestrel server on
/// 127.0.0.1 only, with one request delegate and no MVC or routing middleware. Each origin has its
/// own port so clients must follow the endpoints the control plane hands out, as on AWS.
/// </summary>
internal sealed class PlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlaneHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The origin, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Url { get; }

    public static async Task<PlaneHost> StartAsync(int port, RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, UnsignalledLifetime>();
        builder.WebHost.UseKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PlaneHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        // A short grace: the emulator's clients are tests; in-flight calls get no long drain.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
