namespace Nvr.Recording.Tests.Support;

public sealed record ProcessResult(int ExitCode, string Output, string Error);
