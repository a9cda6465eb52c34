namespace Nvr.Codecs.Cenc.Tests;

/// <summary>The CENC reference samples (the repository root and its scripts come from <see cref="TestTools"/>).</summary>
internal static class TestPaths
{
    /// <summary>The reference samples: <c>NVR_CENC_SAMPLES</c>, else <c>../shared/peers/cenc-samples</c> from the repository root.</summary>
    public static string CencSamples =>
        Environment.GetEnvironmentVariable("NVR_CENC_SAMPLES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(TestTools.RepositoryRoot, "..", "shared", "peers", "cenc-samples");

    public static string Sample(string name)
    {
        string path = Path.GetFullPath(Path.Combine(CencSamples, name));
        Assert.True(File.Exists(path), $"Reference sample missing: {path} (see cenc-samples/SOURCES.md)");
        return path;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
