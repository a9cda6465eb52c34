using System.Threading.Channels;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;

namespace Nvr.Recording.Live;

/// <summary>
/// One viewer of a live feed: a bounded queue of shared (ref-counted) access units, filled on the camera's ingest
/// thread without ever waiting. A viewer starts at a video key frame; when its queue is full the unit and the rest of
/// its GOP are dropped for this viewer only (counted), so a slow viewer loses whole GOPs and slows nobody else.
/// Read by the RTSP server as an <see cref="IReplayCursor"/>.
/// </summary>
internal sealed class LiveViewer : IReplayCursor
{
    private readonly Channel<(AccessUnit Unit, int Stream)> _queue;
    private readonly LiveFeed _feed;
    private readonly LiveRelayStatistics _statistics;
    private NalRange[] _ranges = new NalRange[8];
    private AccessUnit? _current;
    private bool _awaitKey = true;
    private int _disposed;

    public LiveViewer(LiveFeed feed, LiveLayout layout, int capacity, LiveRelayStatistics statistics)
    {
        _feed = feed;
        Layout = layout;
        _statistics = statistics;
        _queue = Channel.CreateBounded<(AccessUnit, int)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: nothing waits
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The streams this viewer was described (its RTSP session's).</summary>
    public LiveLayout Layout { get; }

    public long DroppedUnits { get; private set; }

    public long DroppedGops { get; private set; }

    public ServedFrame Current { get; private set; }

    /// <summary>Called under the feed's lock on the ingest thread: queue the unit (a new reference) or drop it.</summary>
    public void Offer(AccessUnit unit, int stream, bool feedHasVideo)
    {
        var startsGop = !feedHasVideo || (unit.Kind == MediaKind.Video && unit.IsKeyframe);
        if (_awaitKey)
        {
            if (!startsGop)
            {
                return; // not yet started, or resuming after a drop: wait for the next key frame
            }

            _awaitKey = false;
        }

        unit.AddRef();
        if (_queue.Writer.TryWrite((unit, stream)))
        {
            return;
        }

        unit.Release();
        DroppedUnits++;
        DroppedGops++;
        _statistics.Dropped(gop: true);
        _awaitKey = feedHasVideo;
    }

    /// <summary>The source changed (another camera session): start again at its next key frame.</summary>
    public void Restart() => _awaitKey = true;

    /// <summary>The feed ended for this viewer (camera gone for good, streams changed): the play ends after the queued units.</summary>
    public void End() => _queue.Writer.TryComplete();

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))] // no allocation per frame
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        ReleaseCurrent();
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_queue.Reader.TryRead(out var item))
            {
                continue;
            }

            var unit = item.Unit;
            _current = unit;
            var ranges = unit.NalRanges;
            if (_ranges.Length < ranges.Length)
            {
                _ranges = new NalRange[ranges.Length * 2];
            }

            ranges.CopyTo(_ranges);
            Current = new ServedFrame(item.Stream, unit.UtcTime, 0, unit.IsKeyframe, false, unit.Payload, _ranges.AsMemory(0, ranges.Length), unit.RtpTimestamp);
            return true;
        }

        return false;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _feed.Remove(this);
            _queue.Writer.TryComplete();
            ReleaseCurrent();
            while (_queue.Reader.TryRead(out var item))
            {
                item.Unit.Release();
            }
        }

        return ValueTask.CompletedTask;
    }

    private void ReleaseCurrent()
    {
        _current?.Release();
        _current = null;
        Current = default;
    }
}
