namespace Nvr.Control.Engine.Messages;

/// <summary>
/// The recording engine's background opening of every configured storage's sink ended (recovery of the segments a
/// crash left open ran on each): the storages that could not be opened, with why.
/// </summary>
public sealed record StoragesOpened(IReadOnlyList<string> Failures);
