using Nvr.Control.Events;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Triggers;

/// <summary>
/// The latest message of every property (topic + source items) seen on the internal event stream, so that a recording
/// whose event-triggered job starts while a condition already holds (a schedule already active, a camera already
/// seeing motion) is told of it at once, as an ONVIF subscriber receives "Initialized" messages. Bounded: beyond
/// <see cref="Capacity"/> properties the oldest entry is forgotten. With <c>conditionsOnly: false</c> it keeps every
/// property (also those without a boolean state, like a job's JobState): the event service's "Initialized" source.
/// </summary>
public sealed class PropertyStateCache
{
    private readonly Dictionary<string, LinkedListNode<OnvifEvent>> _byProperty = new(StringComparer.Ordinal);
    private readonly LinkedList<OnvifEvent> _order = new();

    private readonly bool _conditionsOnly;

    public PropertyStateCache(int capacity = 4096, bool conditionsOnly = true)
    {
        Capacity = capacity;
        _conditionsOnly = conditionsOnly;
    }

    public int Capacity { get; }

    public int Count => _byProperty.Count;

    /// <summary>Remembers a property event's state (momentary events are ignored; a deleted property is forgotten).</summary>
    public void Record(OnvifEvent notification)
    {
        if (!notification.IsProperty || (_conditionsOnly && notification.Condition is null))
        {
            return;
        }

        var key = notification.PropertyKey();
        if (_byProperty.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }

        if (notification.DeletesProperty)
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

    /// <summary>Whether a state of this event's property instance (topic + source items) is kept.</summary>
    public bool Contains(OnvifEvent notification) => _byProperty.ContainsKey(notification.PropertyKey());

    /// <summary>The latest message of every property kept, oldest first.</summary>
    public IEnumerable<OnvifEvent> Latest() => _order;

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
