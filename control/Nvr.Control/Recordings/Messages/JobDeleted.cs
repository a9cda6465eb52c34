using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Persisted: A recording job was deleted.</summary>
public sealed record JobDeleted(string Token) : IControlEvent;
