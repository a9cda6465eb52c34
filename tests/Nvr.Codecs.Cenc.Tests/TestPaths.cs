namespace Nvr.Codecs.Cenc.Tests;

/// <summary>Locations of the shared reference files and repository scripts.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The reference samples: <c>NVR_CENC_SAMPLES</c>, else <c>../shared/peers/cenc-samples</c> from the repository root.</summary>
    public static string CencSamples =>
        Environment.GetEnvironmentVariable("NVR_CENC_SAMPLES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepoRoot, "..", "shared", "peers", "cenc-samples");

    public static string Peers => Path.Combine(RepoRoot, "tests", "peers");

    public static string Sample(string name)
    {
        string path = Path.GetFullPath(Path.Combine(CencSamples, name));
        Assert.True(File.Exists(path), $"Reference sample missing: {path} (see cenc-samples/SOURCES.md)");
        return path;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Pipeline.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
