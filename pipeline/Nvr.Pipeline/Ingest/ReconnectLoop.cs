namespace Nvr.Pipeline.Ingest;

/// <summary>
/// Keeps a source connected: runs a session, and when it fails waits a jittered exponential backoff
/// (<see cref="BackoffPolicy"/>, timed by the injected <see cref="TimeProvider"/>) and runs it again, until
/// cancelled. State: <see cref="ConnectionState.Connecting"/> while (re)trying,
/// <see cref="ConnectionState.Connected"/> once the session reports it is up (the backoff then starts over),
/// <see cref="ConnectionState.NotConnected"/> when stopped. Every change raises <see cref="StateChanged"/>, and so
/// does every failed attempt (Connecting → Connecting with the failure as the reason), so a source that was never
/// reachable is reported after its first failed attempt instead of staying silently "Connecting".
/// With a <see cref="Lease"/> (cluster mode) a session runs only while the lease is held: losing it ends the session at
/// once (reason <see cref="WriterLeaseLostException"/>, reported once) and no session starts until it is held again.
/// </summary>
public sealed class ReconnectLoop
{
    private readonly Func<Action, CancellationToken, Task> _session;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly Lock _gate = new();
    private ConnectionState _state = ConnectionState.NotConnected;
    private bool _leaseLost;

    /// <param name="session">Runs one session; calls the given action when connected; returns or throws when it ends.</param>
    public ReconnectLoop(Func<Action, CancellationToken, Task> session, BackoffPolicy policy, TimeProvider time, Func<double>? random = null)
    {
        this._session = session;
        Policy = policy;
        this._time = time;
        this._random = random ?? Random.Shared.NextDouble;
    }

    public BackoffPolicy Policy { get; }

    public ConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The writer lease sessions run under (set before <see cref="RunAsync"/>); null: always.</summary>
    public WriterLease? Lease { get; set; }

    /// <summary>Why the last session ended (null before any failure).</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Failed attempts since the last successful connection.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Sessions started (the first connection included).</summary>
    public long Sessions { get; private set; }

    /// <summary>Raised on every state change, on the thread that caused it.</summary>
    public event Action<ConnectionStateChange>? StateChanged;

    /// <summary>A loop over <see cref="RtspIngest"/> sessions sharing one output channel (not completed between sessions).</summary>
    public static ReconnectLoop ForRtsp(
        RtspIngestOptions options, AccessUnitChannel output, BackoffPolicy policy, Action<RtspIngest>? sessionStarted = null, Func<double>? random = null) =>
        new(
            async (onConnected, cancellationToken) =>
            {
                var ingest = new RtspIngest(options, output);
                sessionStarted?.Invoke(ingest);
                _ = ingest.Connected.ContinueWith(
                    t =>
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            onConnected();
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                await ingest.RunAsync(cancellationToken, completeOutput: false).ConfigureAwait(false);
            },
            policy,
            options.Time,
            random);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; never throws for session failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var lease = Lease;
                if (lease is { IsHeld: false })
                {
                    LeaseLost();
                    await lease.WhenHeldAsync(cancellationToken).ConfigureAwait(false);
                }

                _leaseLost = false; // held (again): the next loss is reported

                SetState(ConnectionState.Connecting, null); // the failure, if any, was reported when it happened
                Sessions++;
                using var leased = lease is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.HeldToken);
                try
                {
                    await _session(OnConnected, leased?.Token ?? cancellationToken).ConfigureAwait(false);
                    LastError = null;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LastError = e;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (leased is { IsCancellationRequested: true } || lease is { IsHeld: false })
                {
                    LeaseLost(); // cut by the loss, or ended while it was lost: no backoff, the loop waits for the lease
                    continue;
                }

                SetState(ConnectionState.Connecting, LastError);
                var delay = Policy.DelayFor(ConsecutiveFailures, _random());
                ConsecutiveFailures++;
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            SetState(ConnectionState.NotConnected, null);
        }
    }

    /// <summary>The lease is not held: the reason is reported once per loss (the loop then waits for the lease).</summary>
    private void LeaseLost()
    {
        if (_leaseLost)
        {
            return;
        }

        _leaseLost = true;
        LastError = new WriterLeaseLostException();
        SetState(ConnectionState.Connecting, LastError);
    }

    private void OnConnected()
    {
        ConsecutiveFailures = 0;
        SetState(ConnectionState.Connected, null);
    }

    private void SetState(ConnectionState next, Exception? reason)
    {
        ConnectionState previous;
        lock (_gate)
        {
            previous = _state;
            if (previous == next && (reason is null || next != ConnectionState.Connecting))
            {
                return;
            }

            _state = next;
        }

        StateChanged?.Invoke(new ConnectionStateChange(previous, next, reason, _time.GetUtcNow()));
    }
}
