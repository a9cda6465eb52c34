namespace Nvr.Testing;

/// <summary>Exit code and output of an external process run by <see cref="TestTools.RunAsync"/>.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);
