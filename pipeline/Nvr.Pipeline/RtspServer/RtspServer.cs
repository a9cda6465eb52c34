using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// The appliance's RTSP server (RFC 2326 with the ONVIF Streaming replay extensions): OPTIONS, DESCRIBE, SETUP
/// (RTP/AVP/TCP interleaved), PLAY, PAUSE, TEARDOWN, GET/SET_PARAMETER keep-alive; a bounded number of connections
/// and sessions, a bounded send queue per connection, session timeouts and RTCP sender reports. What it streams
/// comes from an <see cref="IRtspMediaCatalog"/>; who may comes from an optional <see cref="IRtspAuthenticator"/>.
/// </summary>
public sealed class RtspServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<RtspServerConnection, Task> _connections = new();
    private readonly ILogger _log;
    private Task? _acceptLoop;
    private Task? _timeoutLoop;
    private int _sessions;
    private long _sessionTimeoutTicks;

    public RtspServer(RtspServerOptions options, IRtspMediaCatalog catalog, IRtspAuthenticator? authenticator = null, ILogger? log = null)
    {
        Options = options;
        Catalog = catalog;
        Authenticator = authenticator;
        _log = log ?? NullLogger.Instance;
        _listener = new TcpListener(options.Address, options.Port);
        _sessionTimeoutTicks = options.SessionTimeout.Ticks;
    }

    /// <summary>The session timeout (initially <see cref="RtspServerOptions.SessionTimeout"/>; the replay configuration changes it).</summary>
    public TimeSpan SessionTimeout
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _sessionTimeoutTicks));
        set => Interlocked.Exchange(ref _sessionTimeoutTicks, value.Ticks);
    }

    public RtspServerOptions Options { get; }

    public IRtspMediaCatalog Catalog { get; }

    public IRtspAuthenticator? Authenticator { get; }

    public RtspServerStatistics Statistics { get; } = new();

    /// <summary>Sessions open now.</summary>
    public int ActiveSessions => Volatile.Read(ref _sessions);

    /// <summary>The bound port (after <see cref="Start"/>).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The address written into SDP origin lines.</summary>
    internal string AdvertisedAddress => Options.Address.Equals(IPAddress.Any) ? "0.0.0.0" : Options.Address.ToString();

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
        _timeoutLoop = ExpireAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var connection in _connections.Keys)
        {
            _ = connection.Close();
        }

        await Task.WhenAll([.. _connections.Values, _acceptLoop ?? Task.CompletedTask, _timeoutLoop ?? Task.CompletedTask]).ConfigureAwait(false);
        _stop.Dispose();
    }

    internal RtspServerSession? TryOpenSession(string path, IRtspMediaSource source)
    {
        if (Interlocked.Increment(ref _sessions) > Options.MaxSessions)
        {
            Interlocked.Decrement(ref _sessions);
            Statistics.SessionRefused();
            return null;
        }

        return new RtspServerSession(RtspServerSession.NewId(), path, source, Options.Time);
    }

    internal void Release(RtspServerSession session)
    {
        _ = session;
        Interlocked.Decrement(ref _sessions);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_connections.Count >= Options.MaxConnections)
            {
                Statistics.ConnectionRefused();
                socket.Dispose();
                continue;
            }

            var connection = new RtspServerConnection(this, socket, _log);
            _connections[connection] = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(RtspServerConnection connection)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "RTSP connection {Remote} failed", connection.Remote);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ExpireAsync()
    {
        var shortest = Math.Min(Options.SessionTimeout.TotalSeconds, Options.RequestTimeout.TotalSeconds);
        var period = TimeSpan.FromSeconds(Math.Clamp(shortest / 4, 0.05, 1)); // checks often enough for any later, longer timeout
        using var timer = new PeriodicTimer(period, Options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                foreach (var connection in _connections.Keys)
                {
                    // A closed connection stays listed until its handler ends: count each close once.
                    if (connection.HasTimedOutSession(SessionTimeout))
                    {
                        if (connection.Close())
                        {
                            Statistics.SessionTimedOut();
                        }
                    }
                    else if (connection.IsIdleWithoutSession(Options.RequestTimeout) && connection.Close())
                    {
                        Statistics.RequestTimedOut();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
