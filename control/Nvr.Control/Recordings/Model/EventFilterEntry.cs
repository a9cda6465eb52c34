namespace Nvr.Control.Recordings.Model;

/// <summary>A topic filter with an optional source filter (seed 5.3.4).</summary>
public sealed record EventFilterEntry(string Topic, string? Source);
