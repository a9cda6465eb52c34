using BenchmarkDotNet.Running;

namespace Nvr.Bench;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Nvr.Bench -- --filter '*'</c>; <c>-- search-index …</c> for <see cref="Search.SearchIndexSizing"/>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["search-index", .. var sizing])
        {
            Search.SearchIndexSizing.Run(sizing); // the sized index on SQLite or PostgreSQL (docs/benchmarks.md)
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
