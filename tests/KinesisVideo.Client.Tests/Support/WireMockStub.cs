using System.Net;
using System.Net.Sockets;
using WireMock.Server;
using WireMock.Settings;

namespace KinesisVideo.Client.Tests.Support;

/// <summary>A WireMock.Net server on 127.0.0.1 (never all interfaces, WireMock's default) on a free port.</summary>
internal static class WireMockStub
{
    public static WireMockServer Start()
    {
        // WireMock needs the port up front; the one the OS hands out for an ephemeral listener is free.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
    }

    /// <summary>The server's base URL with a trailing slash, as the client options take it (WireMock's own Url says localhost).</summary>
    public static Uri BaseUrl(this WireMockServer server) => new($"http://127.0.0.1:{server.Port}/");
}
