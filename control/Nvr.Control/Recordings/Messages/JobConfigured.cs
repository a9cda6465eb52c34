using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording job's configuration was replaced.</summary>
public sealed record JobConfigured(string Token, RecordingJobConfiguration Configuration) : IControlEvent;
