namespace Nvr.Control.Events;

/// <summary>Published by the recording engine when a segment object of a recording was completed in its storage.</summary>
public sealed record SegmentRecordedEvent(string RecordingToken, string Key, IReadOnlyList<string> Tracks, DateTime StartUtc, DateTime EndUtc, long Bytes, bool Stored);
