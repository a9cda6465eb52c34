using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A receiver was created (by a client or automatically for a job).</summary>
public sealed record ReceiverCreated(string Token, bool AutoCreated, ReceiverConfiguration Configuration) : IControlEvent;
