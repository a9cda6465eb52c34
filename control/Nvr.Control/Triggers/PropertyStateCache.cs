using Nvr.Control.Events;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Triggers;

/// <summary>
/// The latest message of every property (topic + source items) seen on the internal event stream, so that a recording
/// whose event-triggered job starts while a condition already holds (a schedule already active, a camera already
/// seeing motion) is told of it at once, as an ONVIF subscriber receives "Initialized" messages. Bounded: beyond
/// <see cref="Capacity"/> properties the oldest entry is forgotten.
/// </summary>
public sealed class PropertyStateCache
{
    private readonly Dictionary<string, LinkedListNode<OnvifEvent>> _byProperty = new(StringComparer.Ordinal);
    private readonly LinkedList<OnvifEvent> _order = new();

    public PropertyStateCache(int capacity = 4096) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _byProperty.Count;

    /// <summary>Remembers a property event's state (momentary events are ignored; a deleted property is forgotten).</summary>
    public void Record(OnvifEvent notification)
    {
        if (!notification.IsProperty || notification.Condition is null)
        {
            return;
        }

        var key = notification.PropertyKey();
        if (_byProperty.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }

        if (notification.Condition == false && notification is DeviceEvent { PropertyOperation: CameraNotification.Deleted })
        {
            return;
        }

        _byProperty[key] = _order.AddLast(notification);
        if (_byProperty.Count > Capacity && _order.First is { } oldest)
        {
            _order.RemoveFirst();
            _byProperty.Remove(oldest.Value.PropertyKey());
        }
    }

    /// <summary>The properties whose condition holds now, oldest first.</summary>
    public IEnumerable<OnvifEvent> Holding()
    {
        foreach (var notification in _order)
        {
            if (notification.Condition == true)
            {
                yield return notification;
            }
        }
    }
}
