using SharpFuzz;

namespace Nvr.Fuzzing;

/// <summary>
/// <c>Nvr.Fuzzing list</c> · <c>Nvr.Fuzzing afl TARGET</c> (the afl-fuzz harness, see tests/fuzz/run-afl.sh) ·
/// <c>Nvr.Fuzzing replay TARGET FILE|DIR…</c> (run saved inputs once, print what they throw) ·
/// <c>Nvr.Fuzzing smoke TARGET [EXECUTIONS] [CORPUS_ROOT]</c> (the CI smoke of one target).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] == "list")
        {
            foreach (var each in FuzzTargets.All)
            {
                Console.WriteLine($"{each.Name,-22} {each.Description}");
            }

            return args.Length == 0 ? 2 : 0;
        }

        var target = args.Length > 1 ? FuzzTargets.Find(args[1]) : null;
        if (target is null)
        {
            Console.Error.WriteLine($"unknown target '{(args.Length > 1 ? args[1] : string.Empty)}' (see: list)");
            return 2;
        }

        switch (args[0])
        {
            case "afl":
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    target.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
                });
                return 0;
            case "replay":
                return Replay(target, args.Skip(2));
            case "smoke":
                var executions = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : target.SmokeExecutions;
                var corpus = FuzzSmoke.LoadCorpus(target, args.Length > 3 ? args[3] : null);
                var started = System.Diagnostics.Stopwatch.StartNew();
                var findings = FuzzSmoke.Run(target, corpus, executions);
                Console.WriteLine($"{target.Name}: {executions} executions ({corpus.Count} seeds) in {started.Elapsed.TotalSeconds:0.0} s, {findings.Count} findings");
                foreach (var finding in findings)
                {
                    Console.WriteLine(finding);
                }

                return findings.Count == 0 ? 0 : 1;
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'");
                return 2;
        }
    }

    private static int Replay(FuzzTarget target, IEnumerable<string> paths)
    {
        var failed = 0;
        foreach (var file in paths.SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : new[] { p }))
        {
            var findings = new List<FuzzFinding>();
            FuzzSmoke.Try(target, File.ReadAllBytes(file), findings);
            Console.WriteLine(findings.Count == 0 ? $"ok      {file}" : $"FINDING {file}\n{findings[0]}");
            failed += findings.Count;
        }

        return failed == 0 ? 0 : 1;
    }
}
