namespace Nvr.Control.Engine.Messages;

/// <summary>Internal to the recording engine: A runner completed a segment object.</summary>
public sealed record SegmentStored(long Runner, string RecordingToken, Nvr.Recording.SegmentCompleted Segment);
