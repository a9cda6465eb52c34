namespace Nvr.Testing;

/// <summary>Exit code and output of an external process run by <see cref="TestTools.RunAsync"/> or <see cref="TestTools.Run"/>.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Exit code and both outputs, for an assertion message.</summary>
    public string Describe() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
