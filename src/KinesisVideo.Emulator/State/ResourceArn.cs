using System.Globalization;

namespace KinesisVideo.Emulator.State;

/// <summary>
/// ARNs in the service's format: <c>arn:aws:kinesisvideo:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;/&lt;name&gt;/&lt;creation epoch millis&gt;</c>.
/// </summary>
internal static class ResourceArn
{
    public static string Stream(string region, string account, string name, DateTimeOffset created) => Format(region, account, "stream", name, created);

    public static string Channel(string region, string account, string name, DateTimeOffset created) => Format(region, account, "channel", name, created);

    private static string Format(string region, string account, string type, string name, DateTimeOffset created) =>
        string.Create(CultureInfo.InvariantCulture, $"arn:aws:kinesisvideo:{region}:{account}:{type}/{name}/{created.ToUnixTimeMilliseconds()}");
}
