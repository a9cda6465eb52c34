using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A track was added to a recording.</summary>
public sealed record TrackCreated(string RecordingToken, Track Track) : IControlEvent;
