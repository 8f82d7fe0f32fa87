using System.Globalization;
using System.Text;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>
/// What the standalone server prints once it accepts connections: everything a newcomer needs to
/// point the AWS CLI or an SDK at it (the endpoint, the region to sign for, a key pair it accepts)
/// and where the other origins are. The secret key is printed on purpose: it is the emulator's own
/// test key, given on its command line or the published default, and without it no request signs.
/// </summary>
public static class Banner
{
    /// <summary>The banner of <paramref name="emulator"/>, lines ending with <see cref="Environment.NewLine"/>.</summary>
    public static string For(KinesisVideoEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var control = emulator.ServiceUrl.GetLeftPart(UriPartial.Authority);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Kinesis Video Streams emulator listening on {emulator.ServiceUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  region             {emulator.Region}   (sign every request for this region)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  account            {emulator.AccountId}");
        foreach (var pair in emulator.Credentials)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  access key         {pair.AccessKeyId}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  secret key         {pair.SecretAccessKey}");
            if (pair.SessionToken is { } token)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  session token      {token}");
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  data endpoint      {emulator.DataEndpoint}   (GetDataEndpoint returns it: PutMedia, GetMedia, archived media, HLS/DASH)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  signaling endpoint {emulator.SignalingEndpoint}   (GetSignalingChannelEndpoint returns it)");
        var first = emulator.Credentials[0];
        text.AppendLine("Try it:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  export AWS_ACCESS_KEY_ID={first.AccessKeyId} AWS_SECRET_ACCESS_KEY={first.SecretAccessKey} AWS_DEFAULT_REGION={emulator.Region}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  aws --endpoint-url {control} kinesisvideo list-streams");
        text.AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
