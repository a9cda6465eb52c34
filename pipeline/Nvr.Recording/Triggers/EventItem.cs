namespace Nvr.Recording.Triggers;

/// <summary>One tt:SimpleItem of a notification's Source, Key or Data part.</summary>
public sealed record EventItem(string Name, string Value);
