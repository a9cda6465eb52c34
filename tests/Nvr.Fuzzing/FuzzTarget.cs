namespace Nvr.Fuzzing;

/// <summary>
/// One fuzz target: a production parser fed with arbitrary bytes. <see cref="Run"/> calls the parser and swallows
/// only the parser's documented rejection (its own exception type or a false/null return); any other exception
/// escapes and is a finding (afl-fuzz records it as a crash, the CI smoke fails).
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The target's name on the command line and its corpus folder (<c>corpus/NAME</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Which production entry point the target calls and what counts as a documented rejection.</summary>
    public abstract string Description { get; }

    /// <summary>Executions of the CI smoke (seed corpus plus deterministic mutations) for this target.</summary>
    public virtual int SmokeExecutions => 20_000;

    /// <summary>Largest input the mutator makes for this target (afl-fuzz has its own limit).</summary>
    public virtual int MaxInputBytes => 64 * 1024;

    public abstract void Run(ReadOnlySpan<byte> input);

    public override string ToString() => Name;
}
