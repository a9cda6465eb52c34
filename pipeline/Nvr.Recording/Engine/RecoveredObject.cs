namespace Nvr.Recording.Engine;

/// <summary>
/// A segment a crash left open and recovery finalized (cut to its last durable fragment): its storage and key, the
/// key's prefix and postfix (to find its recording), [Start, End) in UTC (the key time plus the media time the file
/// holds), its size and the MP4 handler types of the tracks it holds samples of (<c>vide</c>, <c>soun</c>, <c>meta</c>).
/// </summary>
public sealed record RecoveredObject(string Storage, string Key, string? Prefix, string? Postfix, DateTimeOffset Start, DateTimeOffset End, long Bytes, IReadOnlyList<string> Handlers);
