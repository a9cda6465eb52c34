namespace Nvr.Fuzzing.Tests;

/// <summary>
/// The CI smoke of every fuzz target: its committed seed corpus (captures, hand-made edge cases and the minimised
/// inputs of past findings) plus a fixed number of deterministic mutations; no input may raise anything but the
/// parser's documented rejection. The long coverage-guided runs are tests/fuzz/run-afl.sh (docs/reliability.md).
/// </summary>
[Trait("Category", "Unit")]
public sealed class FuzzSmokeTests
{
    public static TheoryData<string> Targets { get; } = [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Survives_its_corpus_and_deterministic_mutations(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var corpus = FuzzSmoke.LoadCorpus(target);
        Assert.NotEmpty(corpus);

        var findings = FuzzSmoke.Run(target, corpus, target.SmokeExecutions);

        Assert.True(findings.Count == 0, string.Join("\n\n", findings));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Has_a_seed_corpus(string name)
    {
        var folder = Path.Combine(FuzzSmoke.CorpusRoot, name);

        Assert.True(Directory.Exists(folder), $"no corpus folder {folder}");
        Assert.Contains(Directory.EnumerateFiles(folder, "seed-*"), f => new FileInfo(f).Length > 0);
    }

    [Fact]
    public void Every_corpus_folder_belongs_to_a_target_and_names_are_unique()
    {
        var folders = Directory.EnumerateDirectories(FuzzSmoke.CorpusRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var names = FuzzTargets.All.Select(t => t.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Mutations_are_the_same_on_every_run()
    {
        var target = FuzzTargets.Find("sdp")!;
        var corpus = FuzzSmoke.LoadCorpus(target);
        var first = new Mutator(FuzzSmoke.SeedOf(target), target.MaxInputBytes);
        var second = new Mutator(FuzzSmoke.SeedOf(target), target.MaxInputBytes);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(first.Mutate(corpus), second.Mutate(corpus));
        }
    }

    [Fact]
    public void An_unexpected_exception_is_a_finding()
    {
        var findings = FuzzSmoke.Run(new ThrowingTarget(), [[1, 2, 3]], 10);

        Assert.Equal(5, findings.Count); // stops at the first five
        Assert.All(findings, f => Assert.IsType<IndexOutOfRangeException>(f.Exception));
    }

    private sealed class ThrowingTarget : FuzzTarget
    {
        public override string Name => "throwing";

        public override string Description => "always fails";

        public override void Run(ReadOnlySpan<byte> input) => throw new IndexOutOfRangeException();
    }
}
