using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording job was created.</summary>
public sealed record JobCreated(string Token, RecordingJobConfiguration Configuration) : IControlEvent;
