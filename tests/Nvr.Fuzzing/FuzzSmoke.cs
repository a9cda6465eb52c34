namespace Nvr.Fuzzing;

/// <summary>An input a target did not handle: the exception it threw.</summary>
public sealed record FuzzFinding(string Target, byte[] Input, Exception Exception)
{
    public override string ToString() =>
        $"{Target}: {Exception.GetType().Name}: {Exception.Message} on input {Convert.ToHexString(Input.AsSpan(0, Math.Min(Input.Length, 64)))}{(Input.Length > 64 ? "…" : string.Empty)} ({Input.Length} bytes)\n{Exception.StackTrace}";
}

/// <summary>The bounded, deterministic run of a target used by CI: its seed corpus, then mutations with a fixed seed.</summary>
public static class FuzzSmoke
{
    public const int Seed = 17;

    /// <summary>The corpus folder of the build output (corpus files are copied next to the assembly).</summary>
    public static string CorpusRoot => Path.Combine(AppContext.BaseDirectory, "corpus");

    public static IReadOnlyList<byte[]> LoadCorpus(FuzzTarget target, string? root = null)
    {
        var folder = Path.Combine(root ?? CorpusRoot, target.Name);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)]
            : [];
    }

    /// <summary>Runs every corpus entry, then <paramref name="executions"/> minus their number mutated inputs; returns the first findings.</summary>
    public static IReadOnlyList<FuzzFinding> Run(FuzzTarget target, IReadOnlyList<byte[]> corpus, int executions, int maxFindings = 5)
    {
        var findings = new List<FuzzFinding>();
        foreach (var input in corpus)
        {
            Try(target, input, findings);
        }

        var mutator = new Mutator(SeedOf(target), target.MaxInputBytes);
        for (var i = corpus.Count; i < executions && findings.Count < maxFindings; i++)
        {
            Try(target, mutator.Mutate(corpus), findings);
        }

        return findings;
    }

    /// <summary>A per-target seed that does not depend on the process (string.GetHashCode does).</summary>
    public static int SeedOf(FuzzTarget target)
    {
        var hash = 2166136261u;
        foreach (var c in target.Name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ Seed);
    }

    /// <summary>When set (NVR_FUZZ_TRACE=FILE), every input is written there before it runs: after a hang, the file holds it.</summary>
    private static readonly string? TraceFile = Environment.GetEnvironmentVariable("NVR_FUZZ_TRACE");

    public static void Try(FuzzTarget target, byte[] input, List<FuzzFinding> findings)
    {
        if (TraceFile is not null)
        {
            File.WriteAllBytes(TraceFile, input);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            target.Run(input);
        }
        catch (Exception e)
        {
            findings.Add(new FuzzFinding(target.Name, input, e));
        }

        if (SlowFolder is not null && System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeSpan.FromMilliseconds(500))
        {
            File.WriteAllBytes(Path.Combine(SlowFolder, $"{target.Name}-{Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(input))[..12]}.bin"), input);
        }
    }

    /// <summary>When set (NVR_FUZZ_SLOW=DIR), inputs that take longer than 500 ms are saved there.</summary>
    private static readonly string? SlowFolder = Environment.GetEnvironmentVariable("NVR_FUZZ_SLOW");
}
