using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// Bounded hand-off of access units from an ingest to its consumer. When the consumer falls behind and the
/// channel is full, the policy is to drop whole GOPs: the unit that did not fit and everything after it (all
/// streams) up to the next video keyframe is released and counted; audio-only sources drop single units.
/// Memory is therefore bounded by <c>capacity</c> units.
/// </summary>
public sealed class AccessUnitChannel : IAccessUnitSink
{
    private readonly Channel<AccessUnit> _channel;
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private bool _dropping;
    private IAccessUnitTarget? _target;
    private IAccessUnitSink? _tap;
    private bool _completed;
    private Exception? _completion;
    private long _written;
    private long _droppedUnits;
    private long _droppedGops;

    public AccessUnitChannel(int capacity = 512, ILogger? logger = null)
    {
        this._logger = logger ?? NullLogger.Instance;
        if (capacity < 1)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(capacity));
        }

        Capacity = capacity;
        _channel = Channel.CreateBounded<AccessUnit>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public int Capacity { get; }

    /// <summary>Set when the source has a video stream: enables GOP-wise dropping.</summary>
    public bool HasVideo { get; set; }

    /// <summary>Where the consumer reads. Each unit read must be released by the consumer.</summary>
    public ChannelReader<AccessUnit> Reader => _channel.Reader;

    /// <summary>Units written into the channel.</summary>
    public long WrittenUnits => Volatile.Read(ref _written);

    /// <summary>Units released unread because the consumer was too slow.</summary>
    public long DroppedUnits => Volatile.Read(ref _droppedUnits);

    /// <summary>GOPs (drop episodes) lost to a slow consumer.</summary>
    public long DroppedGops => Volatile.Read(ref _droppedGops);

    /// <summary>
    /// Sees every metadata unit (ONVIF metadata documents: camera events) on the ingest thread before it is queued,
    /// so the camera's notifications are read even when no track records the metadata; must not keep the unit.
    /// </summary>
    public Action<AccessUnit>? MetadataObserver { get; set; }

    /// <summary>
    /// Sees every unit on the ingest thread before it is queued (the live relay's fan-out): it must not block and
    /// takes its own references (<see cref="AccessUnit.AddRef"/>) for what it keeps; the consumer's unit is untouched.
    /// </summary>
    public IAccessUnitSink? Tap
    {
        get => Volatile.Read(ref _tap);
        set => Volatile.Write(ref _tap, value);
    }

    public void OnAccessUnit(AccessUnit unit)
    {
        if (unit.Kind == MediaKind.Metadata && MetadataObserver is { } observer)
        {
            observer(unit);
        }

        Tap?.OnAccessUnit(unit);

        lock (_gate)
        {
            Offer(unit);
        }
    }

    /// <summary>
    /// From now on units go straight from the writer's thread into <paramref name="target"/> (no reader task in
    /// between), the queued ones first, in order; when the target is full the GOP-dropping policy applies as for the
    /// channel. An ended channel ends the target. Nothing is read from <see cref="Reader"/> while forwarding.
    /// </summary>
    public void Forward(IAccessUnitTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            _target = target;
            while (_channel.Reader.TryRead(out var queued))
            {
                Volatile.Write(ref _written, _written - 1); // counted again by Offer
                Offer(queued);
            }

            if (_completed)
            {
                target.Complete(_completion);
            }
        }
    }

    /// <summary>Stops forwarding to <paramref name="target"/> (if it is the current one): units queue in the channel again.</summary>
    public void StopForwarding(IAccessUnitTarget target)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_target, target))
            {
                _target = null;
            }
        }
    }

    /// <summary>Ends the stream of units; readers see <paramref name="error"/> (or a normal end) after the queued units.</summary>
    public void Complete(Exception? error = null)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _completion = error;
            _channel.Writer.TryComplete(error);
            _target?.Complete(error);
        }
    }

    /// <summary>Releases every unit still queued (for a consumer that stops reading).</summary>
    public void DrainAndRelease()
    {
        while (_channel.Reader.TryRead(out var unit))
        {
            unit.Release();
        }
    }

    private void Offer(AccessUnit unit)
    {
        if (_dropping)
        {
            if (unit.Kind != MediaKind.Video || !unit.IsKeyframe)
            {
                Drop(unit);
                return;
            }

            _dropping = false;
        }

        if (_target?.TryWrite(unit) ?? _channel.Writer.TryWrite(unit))
        {
            Volatile.Write(ref _written, _written + 1);
            return;
        }

        Drop(unit);
        Volatile.Write(ref _droppedGops, _droppedGops + 1);
        _dropping = HasVideo;
        if ((_droppedGops & (_droppedGops - 1)) == 0)
        {
            IngestLog.ChannelFull(_logger, Capacity, _droppedGops, _droppedUnits);  // 1st, 2nd, 4th, 8th… episode
        }
    }

    private void Drop(AccessUnit unit)
    {
        unit.Release();
        Volatile.Write(ref _droppedUnits, _droppedUnits + 1);
    }
}
