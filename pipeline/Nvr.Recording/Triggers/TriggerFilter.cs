namespace Nvr.Recording.Triggers;

/// <summary>One filter pair of an EventFilter (seed 5.3.4): a topic expression and an optional XPath source filter.</summary>
public sealed record TriggerFilter(string Topic, string? Source);
