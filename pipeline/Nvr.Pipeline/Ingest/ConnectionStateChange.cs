namespace Nvr.Pipeline.Ingest;

/// <summary>A state transition of a <see cref="ReconnectLoop"/>; <paramref name="Reason"/> is the failure that caused it, if any.</summary>
public sealed record ConnectionStateChange(ConnectionState Previous, ConnectionState Current, Exception? Reason, DateTimeOffset At);
