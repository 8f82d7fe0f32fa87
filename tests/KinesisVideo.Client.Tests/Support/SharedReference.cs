namespace KinesisVideo.Client.Tests.Support;

/// <summary>
/// Finds the reference material that sits beside the repository (../shared): API models,
/// SigV4 suites, GetMedia recordings. Someone who cloned only the repository does not have it,
/// so a test that needs it is ignored with the reason rather than failed.
/// </summary>
internal static class SharedReference
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The ../shared folder, or null when it is not there.</summary>
    public static string? Root => s_root.Value;

    /// <summary>
    /// The full path of <paramref name="relativePath"/> inside ../shared; ignores the calling test
    /// when the folder or the file is absent.
    /// </summary>
    public static string Require(string relativePath)
    {
        if (Root is null)
        {
            Assert.Ignore("../shared (the reference material beside the repository) is not present; this test needs " + relativePath);
        }

        var path = Path.Combine(Root!, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Ignore($"../shared/{relativePath} is not present.");
        }

        return path;
    }

    private static string? FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("KVS_SHARED_DIR");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden) ? overridden : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KinesisVideo.Client.sln")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(Path.Combine(shared, "kvs-oracle")) ? shared : null;
            }
        }

        return null;
    }
}
