namespace KinesisVideo.Samples.AspNetCore;

/// <summary>One stream in the /streams listing.</summary>
public sealed record StreamSummary(string Name, string? Status, DateTimeOffset? Created);

/// <summary>The answer of /streams/{name}/hls.</summary>
public sealed record HlsSession(string Url);
