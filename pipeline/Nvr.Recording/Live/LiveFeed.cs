using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;

namespace Nvr.Recording.Live;

/// <summary>
/// The live media of one receiver: the camera sessions that publish it (a recording's or standby receiver's source,
/// or the relay's own on-demand connection), the viewers it fans out to and the last known stream layout. One
/// publisher is current (a recording's source before the on-demand connection); its units are tapped on the ingest
/// thread and queued to every viewer by reference (no copy per viewer).
/// </summary>
internal sealed class LiveFeed
{
    private readonly Lock _gate = new();
    private readonly List<Publisher> _publishers = [];
    private readonly List<LiveViewer> _viewers = [];
    private TaskCompletionSource _described = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Publisher? _current;

    public LiveFeed(string receiverToken) => ReceiverToken = receiverToken;

    public string ReceiverToken { get; }

    /// <summary>The layout of the latest camera session (kept after it ended), null before any.</summary>
    public LiveLayout? Layout { get; private set; }

    /// <summary>The on-demand connection while it runs (guarded by the relay).</summary>
    public OnDemandConnection? OnDemand { get; set; }

    /// <summary>When the last viewer left or the feed was last described (the on-demand connection lingers after it).</summary>
    public long LastInterest { get; set; }

    public int Viewers
    {
        get
        {
            lock (_gate)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>True while a publisher other than the on-demand connection feeds this receiver.</summary>
    public bool HasRecordingPublisher
    {
        get
        {
            lock (_gate)
            {
                return _publishers.Exists(p => !p.OnDemand);
            }
        }
    }

    /// <summary>The layout of the current publisher, null when no camera session is up.</summary>
    public LiveLayout? CurrentLayout
    {
        get
        {
            lock (_gate)
            {
                return _current?.Layout;
            }
        }
    }

    /// <summary>Completes once a publisher described its streams.</summary>
    public Task Described
    {
        get
        {
            lock (_gate)
            {
                return _current is not null ? Task.CompletedTask : _described.Task;
            }
        }
    }

    /// <summary>A camera session of <paramref name="channel"/> is up with <paramref name="streams"/> (again: a reconnect).</summary>
    public void Publish(AccessUnitChannel channel, IReadOnlyList<StreamDescription> streams, bool onDemand)
    {
        var layout = LiveLayout.Of(streams);
        lock (_gate)
        {
            var publisher = _publishers.Find(p => ReferenceEquals(p.Channel, channel));
            var reconnected = publisher is not null;
            if (publisher is null)
            {
                publisher = new Publisher(this, channel, onDemand);
                _publishers.Add(publisher);
                channel.Tap = publisher;
            }

            publisher.Layout = layout;
            Layout = layout;
            if (reconnected && ReferenceEquals(publisher, _current))
            {
                Switched(layout); // a new camera session of the current publisher: its timeline starts over
            }

            ChooseCurrent();
            _described.TrySetResult();
        }

        foreach (var stream in streams.Where(s => s.Kind == MediaKind.Video))
        {
            // parameter sets learnt in-band later (an SDP without sprop): the profile's resolution and the served sprop
            stream.ParameterSetsChanged += _ => Relayout(channel, streams);
        }
    }

    private int _describing;

    /// <summary>True while a DESCRIBE waits for this feed to be described (the on-demand session must not linger out meanwhile).</summary>
    public bool IsDescribing => Volatile.Read(ref _describing) > 0;

    public void BeginDescribe() => Interlocked.Increment(ref _describing);

    public void EndDescribe() => Interlocked.Decrement(ref _describing);

    private void Relayout(AccessUnitChannel channel, IReadOnlyList<StreamDescription> streams)
    {
        var layout = LiveLayout.Of(streams);
        lock (_gate)
        {
            if (_publishers.Find(p => ReferenceEquals(p.Channel, channel)) is { } publisher && publisher.Layout is { } old && old.CompatibleWith(layout))
            {
                publisher.Layout = layout;
                Layout = layout;
            }
        }
    }

    /// <summary>The source of <paramref name="channel"/> stopped publishing (its runner ended).</summary>
    public void Withdraw(AccessUnitChannel channel)
    {
        lock (_gate)
        {
            var publisher = _publishers.Find(p => ReferenceEquals(p.Channel, channel));
            if (publisher is null)
            {
                return;
            }

            _publishers.Remove(publisher);
            if (ReferenceEquals(channel.Tap, publisher))
            {
                channel.Tap = null;
            }

            ChooseCurrent();
        }
    }

    public LiveViewer? AddViewer(LiveLayout layout, int capacity, LiveRelayStatistics statistics)
    {
        lock (_gate)
        {
            if (_current?.Layout is { } current && !current.CompatibleWith(layout))
            {
                return null;
            }

            var viewer = new LiveViewer(this, layout, capacity, statistics);
            _viewers.Add(viewer);
            statistics.ViewerAdded();
            return viewer;
        }
    }

    public void Remove(LiveViewer viewer)
    {
        bool removed;
        lock (_gate)
        {
            removed = _viewers.Remove(viewer);
        }

        if (removed)
        {
            ViewerLeft?.Invoke(this);
        }
    }

    /// <summary>Raised (outside the lock) when a viewer left.</summary>
    public event Action<LiveFeed>? ViewerLeft;

    private void ChooseCurrent()
    {
        var next = _publishers.Find(p => !p.OnDemand && p.Layout is not null) ?? _publishers.Find(p => p.Layout is not null);
        if (ReferenceEquals(next, _current))
        {
            return;
        }

        _current = next;
        if (next is null)
        {
            _described = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else if (next.Layout is { } layout)
        {
            Switched(layout);
        }
    }

    /// <summary>Another camera session feeds the viewers: they go on from its next key frame, or end when its streams differ.</summary>
    private void Switched(LiveLayout layout)
    {
        foreach (var viewer in _viewers)
        {
            if (layout.CompatibleWith(viewer.Layout))
            {
                viewer.Restart();
            }
            else
            {
                viewer.End(); // different streams: the viewer must DESCRIBE again
            }
        }
    }

    private void OnUnit(Publisher publisher, AccessUnit unit)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(publisher, _current) || _viewers.Count == 0 || publisher.Layout is not { } layout ||
                !layout.ServedIndexOf.TryGetValue(unit.StreamIndex, out var served))
            {
                return;
            }

            var video = layout.HasVideo;
            foreach (var viewer in _viewers)
            {
                viewer.Offer(unit, served, video);
            }
        }
    }

    /// <summary>One camera session's channel as seen by the feed: the channel's tap.</summary>
    private sealed class Publisher(LiveFeed feed, AccessUnitChannel channel, bool onDemand) : IAccessUnitSink
    {
        public AccessUnitChannel Channel { get; } = channel;

        public bool OnDemand { get; } = onDemand;

        public LiveLayout? Layout { get; set; }

        public void OnAccessUnit(AccessUnit unit) => feed.OnUnit(this, unit);
    }
}
