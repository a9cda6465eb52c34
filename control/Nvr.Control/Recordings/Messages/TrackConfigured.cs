using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A track's description was changed (its type is immutable).</summary>
public sealed record TrackConfigured(string RecordingToken, string TrackToken, string Description) : IControlEvent;
