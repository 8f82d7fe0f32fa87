namespace KinesisVideo.Samples.Quickstart;

/// <summary>The quickstart's command line.</summary>
internal sealed record QuickstartArguments
{
    public const string Usage = """
        Usage: dotnet run --project docs/samples/Quickstart -- [options]

          (no options)        run on a Kinesis Video Streams emulator started in this process
          --region <name>     run on AWS in that region, with the usual credentials (environment,
                              AWS_PROFILE, ~/.aws, instance role)
          --stream <name>     upload to this existing stream (default: create quickstart-<time>)
          --file <path>       upload this MKV/WebM file or raw H.264 (.h264, 25 fps) instead of the sample
          --output <path>     where to write what GetMedia returns (default quickstart-output.mkv)
          --serve             on the emulator: keep it running at the end, so the HLS URL plays, until Ctrl+C
          --help              this text
        """;

    public string? Region { get; init; }

    public string? Stream { get; init; }

    public string File { get; init; } = Path.Combine(AppContext.BaseDirectory, "sample.mkv");

    public string Output { get; init; } = "quickstart-output.mkv";

    public bool Serve { get; init; }

    public bool Help { get; init; }

    /// <exception cref="ArgumentException">An option is unknown or misses its value.</exception>
    public static QuickstartArguments Parse(string[] args)
    {
        var parsed = new QuickstartArguments();
        for (var i = 0; i < args.Length; i++)
        {
            parsed = args[i] switch
            {
                "--region" => parsed with { Region = Value(args, ref i) },
                "--stream" => parsed with { Stream = Value(args, ref i) },
                "--file" => parsed with { File = Value(args, ref i) },
                "--output" => parsed with { Output = Value(args, ref i) },
                "--serve" => parsed with { Serve = true },
                "--help" or "-h" or "-?" => parsed with { Help = true },
                var other => throw new ArgumentException($"unknown option {other} (see --help)"),
            };
        }

        return parsed;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value (see --help)");
}
