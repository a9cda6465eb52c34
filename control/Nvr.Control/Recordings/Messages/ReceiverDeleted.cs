using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A receiver was deleted.</summary>
public sealed record ReceiverDeleted(string Token) : IControlEvent;
