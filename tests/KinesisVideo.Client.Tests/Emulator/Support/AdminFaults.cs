using System.Text;

namespace KinesisVideo.Client.Tests.Emulator.Support;

/// <summary>Sets faults over the admin endpoint (POST /_emulator/faults), as a test in another process would.</summary>
internal static class AdminFaults
{
    public static async Task<EmulatorResponse> PostAsync(Uri serviceUrl, string json)
    {
        using var admin = new HttpClient { BaseAddress = serviceUrl };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/_emulator/faults", UriKind.Relative), content);
        return await EmulatorResponse.ReadAsync(response);
    }
}
