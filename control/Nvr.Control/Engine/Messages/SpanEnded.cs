namespace Nvr.Control.Engine.Messages;

/// <summary>Internal to the recording engine: a runner closed a span.</summary>
public sealed record SpanEnded(long Runner, string RecordingToken, Nvr.Recording.SpanClosed Span);
