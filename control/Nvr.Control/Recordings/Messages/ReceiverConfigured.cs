using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A receiver's configuration was replaced.</summary>
public sealed record ReceiverConfigured(string Token, ReceiverConfiguration Configuration) : IControlEvent;
