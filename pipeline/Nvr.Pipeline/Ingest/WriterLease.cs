namespace Nvr.Pipeline.Ingest;

/// <summary>
/// The fence of a node's data path in cluster mode (docs/cluster.md, "Writer lease"): recordings may connect cameras
/// and write footage only while <see cref="IsHeld"/>. Held until the monotonic time of the last evidence plus
/// <see cref="Duration"/>: the time is <see cref="TimeProvider.GetTimestamp"/> (CLOCK_MONOTONIC, which keeps running
/// while the process is stopped), so a process frozen beyond the duration finds the lease expired the instant it
/// runs again, before any renewer could act. Evidence older than the last <see cref="Revoke"/> never counts. A
/// single node has no lease at all (the data path treats a null lease as held). Knows nothing of the cluster: a
/// renewer elsewhere decides what evidence is. Thread-safe; <see cref="IsHeld"/> is one volatile read and a
/// timestamp comparison and allocates nothing (the data path calls it per fragment).
/// </summary>
public sealed class WriterLease : IDisposable
{
    private static readonly CancellationToken Lost = new(canceled: true);
    private readonly TimeProvider _time;
    private readonly long _duration;
    private readonly Lock _gate = new();
    private readonly ITimer _expiry;
    private long _expiresAt = long.MinValue;
    private long _revokedAt = long.MinValue;
    private CancellationTokenSource? _held;
    private TaskCompletionSource _regained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="duration">How long one piece of evidence keeps the lease held.</param>
    /// <param name="time">The monotonic clock (its <see cref="TimeProvider.GetTimestamp"/>); null: the system's.</param>
    public WriterLease(TimeSpan duration, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        Duration = duration;
        _duration = (long)(duration.TotalSeconds * _time.TimestampFrequency);
        _expiry = _time.CreateTimer(static lease => ((WriterLease)lease!).OnExpiry(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Duration { get; }

    /// <summary>The clock of the lease: evidence timestamps given to <see cref="Renew(long)"/> are its timestamps.</summary>
    public TimeProvider Time => _time;

    /// <summary>True while the last evidence is younger than <see cref="Duration"/> (and came after the last revocation).</summary>
    public bool IsHeld => _time.GetTimestamp() < Volatile.Read(ref _expiresAt);

    /// <summary>Renewals that took the lease from not held to held (the first included).</summary>
    public long Acquisitions { get; private set; }

    /// <summary>Times the lease was lost (expired or revoked while held).</summary>
    public long Losses { get; private set; }

    /// <summary>
    /// Cancelled when the lease is lost (expires or is revoked); an already cancelled token when it is not held now.
    /// A lease lost and held again gives a new token: whoever holds the old one saw the loss.
    /// </summary>
    public CancellationToken HeldToken
    {
        get
        {
            lock (_gate)
            {
                return _held is { } held && IsHeld ? held.Token : Lost;
            }
        }
    }

    /// <summary>Renews from evidence gathered now.</summary>
    public bool Renew() => Renew(_time.GetTimestamp());

    /// <summary>
    /// Renews from evidence gathered at <paramref name="evidenceTimestamp"/> (a <see cref="TimeProvider.GetTimestamp"/>
    /// of this lease's clock, e.g. when a round trip that just came back was sent): held until that plus
    /// <see cref="Duration"/>, never shortened. Evidence from before the last revocation, or too old to hold the lease
    /// now, changes nothing. Returns whether the lease is held.
    /// </summary>
    public bool Renew(long evidenceTimestamp)
    {
        CancellationTokenSource? lost = null;
        TaskCompletionSource? regained = null;
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            long until = evidenceTimestamp + _duration;
            if (evidenceTimestamp <= _revokedAt || until <= now)
            {
                return IsHeld;
            }

            if (_held is not null && now >= _expiresAt)
            {
                lost = _held; // expired before the expiry timer ran (a frozen process, a late timer): still a loss
                _held = null;
                Losses++;
            }

            if (until > _expiresAt)
            {
                Volatile.Write(ref _expiresAt, until);
            }

            if (_held is null)
            {
                _held = new CancellationTokenSource();
                Acquisitions++;
                regained = _regained;
                _regained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _expiry.Change(TimeSpan.FromSeconds((double)(_expiresAt - now) / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }

        Cancel(lost);
        regained?.TrySetResult();
        return true;
    }

    /// <summary>Not held from now on; only evidence gathered after this call can hold it again.</summary>
    public void Revoke()
    {
        CancellationTokenSource? lost;
        lock (_gate)
        {
            _revokedAt = _time.GetTimestamp();
            Volatile.Write(ref _expiresAt, long.MinValue);
            lost = _held;
            _held = null;
            if (lost is not null)
            {
                Losses++;
            }

            _expiry.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        Cancel(lost);
    }

    /// <summary>Completes when the lease is held (at once when it is).</summary>
    public Task WhenHeldAsync(CancellationToken cancellationToken)
    {
        Task regained;
        lock (_gate)
        {
            if (IsHeld)
            {
                return Task.CompletedTask;
            }

            regained = _regained.Task;
        }

        return regained.WaitAsync(cancellationToken);
    }

    public void Dispose() => _expiry.Dispose();

    private void OnExpiry()
    {
        CancellationTokenSource? lost = null;
        lock (_gate)
        {
            if (_held is not null && !IsHeld)
            {
                lost = _held;
                _held = null;
                Losses++;
            }
        }

        Cancel(lost);
    }

    private static void Cancel(CancellationTokenSource? lost)
    {
        if (lost is null)
        {
            return;
        }

        try
        {
            lost.Cancel(); // outside the lock: the callbacks end camera sessions (never disposed: tokens handed out stay usable)
        }
        catch (AggregateException)
        {
            // a callback of a session being ended failed; the loss stands (the session sees its token cancelled)
        }
    }
}

/// <summary>Why a recording's camera session ended or is not started: this node does not hold its writer lease.</summary>
public sealed class WriterLeaseLostException() : Exception("writer lease lost: this node may not record until it holds the lease again");
