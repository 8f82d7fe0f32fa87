using System.Globalization;
using KinesisVideo.Emulator.Auth;

namespace KinesisVideo.Emulator.Hosting;

/// <summary>The standalone server's command line: options in, or a usage text out.</summary>
internal static class CommandLine
{
    public const string Usage = """
        KinesisVideo.Emulator: a local Amazon Kinesis Video Streams, state in memory, SigV4 checked on
        every request. It serves the control plane (streams, signaling channels, tags, configurations,
        GetDataEndpoint), the data plane (PutMedia with live acknowledgements, GetMedia, ListFragments,
        GetMediaForFragmentList, GetClip as MP4, GetImages through ffmpeg when it is on the PATH), HLS
        (fMP4 or MPEG-TS) and DASH sessions that ffplay, hls.js and dash.js play, and the signaling
        endpoint's HTTPS operations.

        Usage: dotnet run --project src/KinesisVideo.Emulator.Tool -- [options]

          --port <n>            control-plane port on 127.0.0.1 (default 4567; 0 picks a free one)
          --region <name>       region requests must be signed for (default us-west-2)
          --account-id <12 d.>  account id in ARNs (default 123456789012)
          --access-key <id>     an accepted access key id; with --secret-key, repeatable
          --secret-key <key>    the secret key of the preceding --access-key
          --session-token <t>   optional: the session token the preceding key pair requires
          --stream-limit <n>    streams per account before AccountStreamLimitExceededException (default 10000)
          --channel-limit <n>   signaling channels per account (default 10000)
          --help                this text

        Without --access-key the emulator accepts the test key pair
          AKIAKVSEMULATOR00000 / kvs-emulator/DefaultSecretKey/NotASecret0
        Sign requests for the --region with one of the key pairs; the banner prints both.
        Everything listens on 127.0.0.1 over plain http; the data and signaling endpoints get free
        ports of their own: call GetDataEndpoint / GetSignalingChannelEndpoint on the control plane
        and send media and archived-media calls there (the AWS CLI: --endpoint-url <that URL>).
        Test controls: GET /_emulator/endpoints, POST /_emulator/faults (see docs/emulator.md).
        """;

    /// <summary>Parses <paramref name="args"/>; returns null for --help, throws <see cref="FormatException"/> for bad input.</summary>
    public static KinesisVideoEmulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new KinesisVideoEmulatorOptions { Port = KinesisVideoEmulatorOptions.DefaultPort };
        string? accessKey = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                return null;
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--port": options.Port = Number(name, value, 0, 65535); break;
                case "--region": options.Region = value; break;
                case "--account-id":
                    options.AccountId = value.Length == 12 && value.All(char.IsAsciiDigit) ? value : throw new FormatException("--account-id must be 12 digits.");
                    break;
                case "--access-key":
                    accessKey = accessKey is null ? value : throw new FormatException($"--access-key {accessKey} has no --secret-key.");
                    break;
                case "--secret-key":
                    options.Credentials.Add(new EmulatorCredentials(accessKey ?? throw new FormatException("--secret-key must follow --access-key."), value));
                    accessKey = null;
                    break;
                case "--session-token":
                    if (options.Credentials.Count == 0)
                    {
                        throw new FormatException("--session-token must follow an --access-key/--secret-key pair.");
                    }

                    options.Credentials[^1] = options.Credentials[^1] with { SessionToken = value };
                    break;
                case "--stream-limit": options.AccountStreamLimit = Number(name, value, 0, int.MaxValue); break;
                case "--channel-limit": options.AccountChannelLimit = Number(name, value, 0, int.MaxValue); break;
                default: throw new FormatException($"Unknown option {name}.");
            }
        }

        return accessKey is null ? options : throw new FormatException($"--access-key {accessKey} has no --secret-key.");
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{name} must be a number from {min} to {max}.");
}
