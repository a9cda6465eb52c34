using Nvr.Recording.Engine;

namespace Nvr.Control.Engine.Messages;

/// <summary>To the engine actor: a receiver's connection attempt failed or its connection dropped.</summary>
public sealed record ReceiverFailureReported(long Runner, string ReceiverToken, ReceiverFailure Failure);
