using Nvr.Pipeline.Ingest;

namespace Nvr.Control.Engine.Messages;

/// <summary>Internal to the recording engine: A runner's receiver connection changed.</summary>
public sealed record ReceiverStateReported(long Runner, string ReceiverToken, ConnectionState State);
