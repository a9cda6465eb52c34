using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A track was removed from a recording.</summary>
public sealed record TrackDeleted(string RecordingToken, string TrackToken) : IControlEvent;
