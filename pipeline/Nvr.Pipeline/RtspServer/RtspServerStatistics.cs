namespace Nvr.Pipeline.RtspServer;

/// <summary>Counters of the RTSP server (read with Volatile semantics; for tests and diagnostics).</summary>
public sealed class RtspServerStatistics
{
    private long _slowClientsDropped;
    private long _sessionsRefused;
    private long _connectionsRefused;
    private long _sessionsTimedOut;
    private long _authenticationFailures;
    private long _badRequests;
    private long _requestsTimedOut;

    public long SlowClientsDropped => Interlocked.Read(ref _slowClientsDropped);

    public long SessionsRefused => Interlocked.Read(ref _sessionsRefused);

    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    public long SessionsTimedOut => Interlocked.Read(ref _sessionsTimedOut);

    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    public long BadRequests => Interlocked.Read(ref _badRequests);

    /// <summary>Connections closed because they had no session and completed no request within the request timeout.</summary>
    public long RequestsTimedOut => Interlocked.Read(ref _requestsTimedOut);

    internal void SlowClientDropped() => Interlocked.Increment(ref _slowClientsDropped);

    internal void SessionRefused() => Interlocked.Increment(ref _sessionsRefused);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void SessionTimedOut() => Interlocked.Increment(ref _sessionsTimedOut);

    internal void AuthenticationFailed() => Interlocked.Increment(ref _authenticationFailures);

    internal void BadRequest() => Interlocked.Increment(ref _badRequests);

    internal void RequestTimedOut() => Interlocked.Increment(ref _requestsTimedOut);
}
