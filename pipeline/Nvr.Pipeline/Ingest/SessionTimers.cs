using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// The keepalive and the media watchdog of one playing RTSP session as deadlines of a shared
/// <see cref="DeadlineScheduler"/> (no timer or task of their own). Keepalive: a request every
/// <c>period</c> (half the session timeout), the next period counted from its response. Watchdog: every
/// <c>mediaTimeout</c> the packet count must have moved since the previous check (so silence ends the session between
/// one and two timeouts after the last packet, and two timeouts after PLAY when none ever came). A failure of either
/// faults <see cref="Failed"/>; disposing cancels both.
/// </summary>
internal sealed class SessionTimers : IDisposable
{
    private readonly DeadlineScheduler _scheduler;
    private readonly RtspClient _client;
    private readonly Uri _aggregate;
    private readonly TimeSpan _keepAlivePeriod;
    private readonly TimeSpan _mediaTimeout;
    private readonly Func<long> _packets;
    private readonly CancellationToken _stop;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Deadline? _keepAlive;
    private Deadline? _watchdog;
    private long _lastPackets = -1;
    private bool _disposed;

    public SessionTimers(DeadlineScheduler scheduler, RtspClient client, Uri aggregate, TimeSpan keepAlivePeriod, TimeSpan mediaTimeout, Func<long> packets, CancellationToken stop)
    {
        _scheduler = scheduler;
        _client = client;
        _aggregate = aggregate;
        _keepAlivePeriod = keepAlivePeriod;
        _mediaTimeout = mediaTimeout;
        _packets = packets;
        _stop = stop;
        lock (_gate)
        {
            _keepAlive = scheduler.Schedule(keepAlivePeriod, static s => ((SessionTimers)s!).KeepAliveDue(), this);
            _watchdog = scheduler.Schedule(mediaTimeout, static s => ((SessionTimers)s!).WatchdogDue(), this);
        }
    }

    /// <summary>Faults when a keepalive request fails or the media stopped; never completes otherwise.</summary>
    public Task Failed => _failed.Task;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _keepAlive?.Cancel();
            _watchdog?.Cancel();
        }
    }

    private void WatchdogDue()
    {
        long packets = _packets();
        if (packets == _lastPackets)
        {
            _failed.TrySetException(new RtspException(RtspFailure.Timeout, $"no RTP received for {_mediaTimeout.TotalSeconds:0.#} s"));
            return;
        }

        _lastPackets = packets;
        lock (_gate)
        {
            if (!_disposed)
            {
                _watchdog = _scheduler.Schedule(_mediaTimeout, static s => ((SessionTimers)s!).WatchdogDue(), this);
            }
        }
    }

    private void KeepAliveDue() => _ = KeepAliveAsync(); // runs until its first wait on the scheduler's callback, then on its own

    private async Task KeepAliveAsync()
    {
        try
        {
            await _client.KeepAliveAsync(_aggregate, _stop).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!_stop.IsCancellationRequested)
            {
                _failed.TrySetException(e);
            }

            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _keepAlive = _scheduler.Schedule(_keepAlivePeriod, static s => ((SessionTimers)s!).KeepAliveDue(), this);
            }
        }
    }
}
