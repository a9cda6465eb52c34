namespace Nvr.Recording.Live;

/// <summary>Counters of the live relay (for tests, metrics and the console).</summary>
public sealed class LiveRelayStatistics
{
    private long _viewers;
    private long _droppedGops;
    private long _onDemandSessions;

    /// <summary>Viewers ever attached.</summary>
    public long Viewers => Interlocked.Read(ref _viewers);

    /// <summary>GOPs a viewer lost because its queue was full (the recording and the other viewers lost nothing).</summary>
    public long DroppedGops => Interlocked.Read(ref _droppedGops);

    /// <summary>Camera sessions the relay opened itself (no recording pulled the receiver).</summary>
    public long OnDemandSessions => Interlocked.Read(ref _onDemandSessions);

    internal void ViewerAdded() => Interlocked.Increment(ref _viewers);

    internal void Dropped(bool gop)
    {
        if (gop)
        {
            Interlocked.Increment(ref _droppedGops);
        }
    }

    internal void OnDemandStarted() => Interlocked.Increment(ref _onDemandSessions);
}
