namespace KinesisVideo.Client.Tests.Media.PutMedia.Sources.Support;

/// <summary>A fixture with a scratch directory for the files ffmpeg and mkvmerge write.</summary>
public abstract class SourceTest
{
    protected string Directory { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateDirectory() => Directory = System.IO.Directory.CreateTempSubdirectory("kvs-sources-").FullName;

    [OneTimeTearDown]
    public void DeleteDirectory() => System.IO.Directory.Delete(Directory, recursive: true);
}
