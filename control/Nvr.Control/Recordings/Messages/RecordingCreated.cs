using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording was created with its default tracks.</summary>
public sealed record RecordingCreated(string Token, RecordingConfiguration Configuration, IReadOnlyList<Track> Tracks) : IControlEvent;
