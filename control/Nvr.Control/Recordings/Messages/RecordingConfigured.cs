using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording's configuration was replaced.</summary>
public sealed record RecordingConfigured(string Token, RecordingConfiguration Configuration) : IControlEvent;
