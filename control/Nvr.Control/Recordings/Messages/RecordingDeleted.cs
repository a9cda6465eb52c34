using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording was deleted (its tracks and jobs with it).</summary>
public sealed record RecordingDeleted(string Token) : IControlEvent;
