namespace Nvr.Control.Engine.Messages;

/// <summary>Internal to the recording engine: A runner has something worth logging.</summary>
public sealed record RunnerLog(long Runner, string Message);
