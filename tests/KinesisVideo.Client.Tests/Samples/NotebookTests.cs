using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KinesisVideo.Client.Tests.Samples;

/// <summary>
/// docs/notebooks/quickstart.ipynb against the repository it documents. The notebook itself runs
/// headless in CI (.ci/package-checks, with dotnet-repl, on the packages packed there): it needs
/// the packed packages, which the test run does not make. What can go stale without running it is
/// checked here: the package versions it names, the tool it is run with, the files it opens.
/// </summary>
public partial class NotebookTests
{
    private static string Root => typeof(NotebookTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static string NotebookFolder => Path.Combine(Root, "docs", "notebooks");

    [Test]
    public void It_names_the_version_the_repository_packs_for_the_client_and_the_emulator_tool()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var version = $"{props.Descendants("VersionPrefix").Single().Value}-{props.Descendants("VersionSuffix").Single().Value}";
        var code = string.Join('\n', Cells("code"));

        Assert.Multiple(() =>
        {
            Assert.That(PackageReference().Matches(code).Select(m => (m.Groups["id"].Value, m.Groups["version"].Value)), Is.EqualTo(new[] { ("KinesisVideo.Client", version) }));
            Assert.That(code, Does.Contain($"\"KinesisVideo.Emulator.Tool@{version}\""), "the emulator tool it starts");
        });
    }

    [Test]
    public void Its_feed_and_clip_are_where_it_looks_from_its_folder()
    {
        var code = string.Join('\n', Cells("code"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Does.Contain("var feed = System.IO.Path.GetFullPath(\"../../artifacts/packages\");").And.Contain("#i \\\"nuget: {feed}\\\""));
            Assert.That(Path.GetFullPath(Path.Combine(NotebookFolder, "../../artifacts/packages")), Is.EqualTo(Path.Combine(Root, "artifacts", "packages")), "the folder .ci/package-checks packs into");
            Assert.That(File.Exists(Path.Combine(NotebookFolder, "../samples/Quickstart/sample.mkv")), Is.True, "the clip it uploads");
        });
    }

    [Test]
    public void Every_code_cell_is_csharp_and_the_headless_runner_is_pinned()
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Path.Combine(NotebookFolder, "quickstart.ipynb")));
        var codeCells = notebook.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
        using var tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, ".config", "dotnet-tools.json")));

        Assert.Multiple(() =>
        {
            Assert.That(notebook.RootElement.GetProperty("nbformat").GetInt32(), Is.EqualTo(4));
            Assert.That(codeCells, Has.Count.GreaterThanOrEqualTo(6));
            Assert.That(codeCells.Select(c => c.GetProperty("metadata").GetProperty("dotnet_interactive").GetProperty("language").GetString()), Is.All.EqualTo("csharp"));
            Assert.That(tools.RootElement.GetProperty("tools").GetProperty("dotnet-repl").GetProperty("version").GetString(), Is.EqualTo("0.3.259"));
        });
    }

    private static IEnumerable<string> Cells(string type)
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(Path.Combine(NotebookFolder, "quickstart.ipynb")));
        return [.. notebook.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == type)
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(line => line.GetString())))];
    }

    // The directive is in a C# string the first cell submits, its quotes escaped.
    [GeneratedRegex(@"#r \\?""nuget: *(?<id>[^,""\\]+), *(?<version>[^""\\]+)\\?""")]
    private static partial Regex PackageReference();
}
